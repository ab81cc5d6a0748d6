"""Identity object types. Personal data is masked unless the holder asks for the full value."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import Enum

import strawberry
from strawberry import relay

from luojiang.api.context import Info
from luojiang.api.errors import UserError
from luojiang.api.identity import loaders
from luojiang.api.identity.permissions import owns, viewer
from luojiang.api.nodes import RowNode
from luojiang.core.errors import Problem
from luojiang.core.identity import models, repository
from luojiang.core.identity.errors import IdentityErrorCode as CoreIdentityErrorCode
from luojiang.core.identity.service import may_see_authorisation

IdentityErrorCode = strawberry.enum(
    CoreIdentityErrorCode,
    name="IdentityErrorCode",
    description="Why a login, session or enterprise change was refused (some, like RATE_LIMITED, pass).",
)


@strawberry.enum(description="Real-name assurance: L1 phone, L2 name + resident ID, L3 face verified.")
class AssuranceLevel(Enum):
    NONE = 0
    L1 = 1
    L2 = 2
    L3 = 3


@strawberry.type(description="Why a login, session or enterprise change was refused; nothing was changed.")
class IdentityError(UserError):
    code: IdentityErrorCode = strawberry.field(description="What kind of mistake it is.")  # type: ignore[valid-type]

    @classmethod
    def from_problem(cls, problem: Problem) -> IdentityError:
        return cls(code=IdentityErrorCode(problem.code), field=problem.field, message=problem.message)


FULL = strawberry.argument(description="The full value instead of the masked one (the holder only).")


@strawberry.type(description="A login on one platform, linked to this person.")
class ChannelIdentity:
    channel: str = strawberry.field(description="The platform: wechat, alipay, tianfu or sms.")
    linked_at: datetime = strawberry.field(description="When it was first linked.")


@strawberry.type(description="A person: one account whichever channels they log in from.")
class Person(RowNode[models.Person]):
    id: relay.NodeID[int]
    assurance_level: AssuranceLevel = strawberry.field(
        description="How surely the person is known (real-name level)."
    )
    assurance_source: str = strawberry.field(
        description="What vouched for the level: wechat-phone, alipay-phone, tianfu or sms; or empty."
    )
    assured_at: datetime | None = strawberry.field(
        description="When the level was last raised; null when never."
    )
    row: strawberry.Private[models.Person]

    @strawberry.field(description="Mobile number, e.g. 138****5678.")
    def phone(self, info: Info, full: bool = False) -> str | None:
        return info.context.services.identity.personal.phone(self.row, full=full)

    @strawberry.field(description="Resident ID number, e.g. 5106**********1234.")
    def id_number(self, info: Info, full: bool = False) -> str | None:
        return info.context.services.identity.personal.id_number(self.row, full=full)

    @strawberry.field(description="Verified real name, e.g. 张*.")
    def name(self, info: Info, full: bool = False) -> str | None:
        return info.context.services.identity.personal.name(self.row, full=full)

    @strawberry.field(description="The platforms this person logs in from.")
    async def channel_identities(self) -> list[ChannelIdentity]:
        rows = await repository.channel_identities_of(self.row.id)
        return [ChannelIdentity(channel=r.channel, linked_at=r.linked_at) for r in rows]

    @strawberry.field(description="Enterprises this person may act for now.")
    async def enterprises(self, info: Info) -> list[Enterprise]:
        principal = viewer(info)
        ids = principal.enterprise_ids if principal and principal.person_id == self.row.id else frozenset()
        rows = await repository.enterprises(ids)
        return [Enterprise.from_model(r) for r in sorted(rows, key=lambda r: r.id)]

    @classmethod
    def from_model(cls, row: models.Person) -> Person:
        return cls(
            id=row.id,
            assurance_level=AssuranceLevel(row.assurance_level),
            assurance_source=row.assurance_source,
            assured_at=row.assured_at,
            row=row,
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Person | None]:
        return await info.context.loaders.get(loaders.person_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.Person) -> bool:
        return owns(viewer(info), person_id=row.id)


@strawberry.type(description="An enterprise (legal person), identified by its unified social credit code.")
class Enterprise(RowNode[models.Enterprise]):
    id: relay.NodeID[int]
    credit_code: str = strawberry.field(
        description="Unified social credit code (统一社会信用代码), 18 characters."
    )
    name: str = strawberry.field(description="Registered name.")

    @classmethod
    def from_model(cls, row: models.Enterprise) -> Enterprise:
        return cls(id=row.id, credit_code=row.credit_code, name=row.name)

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Enterprise | None]:
        return await info.context.loaders.get(loaders.enterprise_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.Enterprise) -> bool:
        return owns(viewer(info), enterprise_id=row.id)


@strawberry.type(description="A person authorised to act for an enterprise, until revoked or lapsed.")
class AgentAuthorisation(RowNode[models.AgentAuthorisation]):
    id: relay.NodeID[int]
    valid_until: datetime | None = strawberry.field(description="When it lapses; null: until revoked.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked; null while it stands.")
    enterprise_id: strawberry.Private[int]

    @strawberry.field(description="The enterprise the agent acts for.")
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
