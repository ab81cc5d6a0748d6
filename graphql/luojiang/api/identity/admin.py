"""Administrators set people up: administrators, staff roles, enterprises with their legal
representative and an agent. Every change is audited by the service (``core/identity/grants.py``),
the same one ``luojiang grant`` uses."""

from __future__ import annotations

from typing import Annotated

import strawberry

from luojiang.api.context import Info
from luojiang.api.errors import errors_in_payload
from luojiang.api.identity.mutations import DonePayload
from luojiang.api.identity.permissions import IsAdministrator, viewer
from luojiang.api.identity.types import AgentAuthorisation, Enterprise, IdentityError
from luojiang.core.identity.grants import admin_actor

Phone = Annotated[
    str, strawberry.argument(description="A mobile number; a number nobody holds yet becomes a person")
]


@strawberry.type(
    description="The enterprise registered, with its representative's authorisation, or why not."
)
class EnterpriseRegistrationPayload:
    enterprise: Enterprise | None = strawberry.field(
        default=None, description="The enterprise; null on errors."
    )
    authorisation: AgentAuthorisation | None = strawberry.field(
        default=None, description="The representative's (or agent's) authorisation; null on errors."
    )
    errors: list[IdentityError] = strawberry.field(
        default_factory=list, description="Why nothing changed; empty on success."
    )


@strawberry.type
class GrantMutations:
    @strawberry.mutation(
        description="Make a person an administrator (administrators; audited).",
        permission_classes=[IsAdministrator],
    )
    @errors_in_payload(DonePayload, IdentityError.from_problem)
    async def grant_administrator(self, info: Info, phone: Phone) -> DonePayload:
        actor = admin_actor(viewer(info))
        await info.context.services.identity.grants.make_administrator(actor, phone)
        return DonePayload(ok=True)

    @strawberry.mutation(
        description="Give a person a staff role in a department, by its catalogue code "
        "(administrators; audited).",
        permission_classes=[IsAdministrator],
    )
    @errors_in_payload(DonePayload, IdentityError.from_problem)
    async def grant_staff_role(self, info: Info, phone: Phone, department: str, role: str) -> DonePayload:
        actor = admin_actor(viewer(info))
        await info.context.services.identity.grants.grant_staff(actor, phone, department, role)
        return DonePayload(ok=True)

    @strawberry.mutation(
        description="Take a staff role away (administrators; audited).", permission_classes=[IsAdministrator]
    )
    @errors_in_payload(DonePayload, IdentityError.from_problem)
    async def revoke_staff_role(self, info: Info, phone: Phone, department: str, role: str) -> DonePayload:
        actor = admin_actor(viewer(info))
        await info.context.services.identity.grants.revoke_staff(actor, phone, department, role)
        return DonePayload(ok=True)

    @strawberry.mutation(
        description="Register an enterprise with its legal representative and, optionally, one agent "
        "(administrators; audited).",
        permission_classes=[IsAdministrator],
    )
    @errors_in_payload(EnterpriseRegistrationPayload, IdentityError.from_problem)
    async def register_enterprise(
        self,
        info: Info,
        credit_code: str,
        name: str,
        representative_phone: str,
        agent_phone: str | None = None,
    ) -> EnterpriseRegistrationPayload:
        actor = admin_actor(viewer(info))
        done = await info.context.services.identity.grants.register_enterprise(
            actor, credit_code, name, representative_phone, agent_phone
        )
        grant = done.authorisation
        return EnterpriseRegistrationPayload(
            enterprise=Enterprise.from_model(done.enterprise),
            authorisation=AgentAuthorisation.from_model(grant) if grant is not None else None,
        )
