"""Agents of enterprises: the legal representative authorises and revokes them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import strawberry
from strawberry import relay

from luojiang.api.context import Info
from luojiang.api.errors import errors_in_payload
from luojiang.api.identity import loaders
from luojiang.api.identity.mutations import DonePayload
from luojiang.api.identity.permissions import IsAuthenticated, viewer
from luojiang.api.identity.types import Enterprise, IdentityError
from luojiang.api.nodes import RowNode
from luojiang.api.relay import node_pk
from luojiang.core.errors import NotFound
from luojiang.core.identity import models, repository
from luojiang.core.identity.service import may_see_authorisation


@strawberry.type(description="A person authorised to act for an enterprise, until revoked or lapsed.")
class AgentAuthorisation(RowNode[models.AgentAuthorisation]):
    id: relay.NodeID[int]
    valid_until: datetime | None
    revoked_at: datetime | None
    enterprise_id: strawberry.Private[int]

    @strawberry.field
    async def enterprise(self) -> Enterprise | None:
        rows = await repository.enterprises([self.enterprise_id])
        return Enterprise.from_model(rows[0]) if rows else None

    @classmethod
    def from_model(cls, row: models.AgentAuthorisation) -> AgentAuthorisation:
        return cls(
            id=row.id, valid_until=row.valid_until, revoked_at=row.revoked_at, enterprise_id=row.enterprise_id
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.AgentAuthorisation | None]:
        return await info.context.loaders.get(loaders.authorisation_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.AgentAuthorisation) -> bool:
        return may_see_authorisation(viewer(info), row)


@strawberry.type
class AgentAuthorisationPayload:
    authorisation: AgentAuthorisation | None = None
    errors: list[IdentityError] = strawberry.field(default_factory=list)


@strawberry.type
class EnterpriseMutations:
    @strawberry.mutation(
        description="Authorise a person (by verified phone) to act for your enterprise.",
        permission_classes=[IsAuthenticated],
    )
    @errors_in_payload(AgentAuthorisationPayload, IdentityError.from_problem)
    async def authorise_agent(
        self, info: Info, enterprise: relay.GlobalID, agent_phone: str, valid_until: datetime | None = None
    ) -> AgentAuthorisationPayload:
        principal = viewer(info)
        assert principal is not None  # noqa: S101 -- IsAuthenticated ran first
        grant = await info.context.services.identity.authorise_agent_by_phone(
            principal, node_pk(enterprise, "Enterprise") or 0, agent_phone, valid_until
        )
        return AgentAuthorisationPayload(authorisation=AgentAuthorisation.from_model(grant))

    @strawberry.mutation(
        description="Withdraw an agent's authorisation.", permission_classes=[IsAuthenticated]
    )
    @errors_in_payload(DonePayload, IdentityError.from_problem)
    async def revoke_agent(self, info: Info, authorisation: relay.GlobalID) -> DonePayload:
        principal = viewer(info)
        assert principal is not None  # noqa: S101 -- IsAuthenticated ran first
        pk = node_pk(authorisation, "AgentAuthorisation")
        if pk is None:
            raise NotFound("authorisation", "authorisation")
        await info.context.services.identity.revoke_agent(principal, pk)
        return DonePayload(ok=True)
