"""Smart tags and recommendations for the signed-in person."""

from __future__ import annotations

from enum import Enum

import strawberry

from luojiang.api.context import Info
from luojiang.api.errors import UserError, errors_in_payload
from luojiang.core.catalogue.permissions import viewer_id
from luojiang.core.errors import DomainError, Problem
from luojiang.core.tags import service as tags

Persona = tags.Persona
strawberry.enum(Persona, description="Who the person is, as they declare it.")


@strawberry.type
class Tag:
    tag: str = strawberry.field(description="persona:…, life_event:… or topic:…")
    source: str = strawberry.field(description="declared or inferred")
    weight: float


@strawberry.type
class Recommendation:
    kind: str = strawberry.field(description="matter or scenario")
    code: str
    name: str
    reason: str


@strawberry.enum
class TagErrorCode(Enum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    UNKNOWN_LIFE_EVENT = "UNKNOWN_LIFE_EVENT"


@strawberry.type
class TagError(UserError):
    code: TagErrorCode

    @classmethod
    def from_problem(cls, problem: Problem) -> TagError:
        return cls(code=TagErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type
class DeclareTagsPayload:
    tags: list[Tag] = strawberry.field(default_factory=list)
    errors: list[TagError] = strawberry.field(default_factory=list)


def _tag(t: tags.Tag) -> Tag:
    return Tag(tag=t.tag, source=t.source, weight=t.weight)


@strawberry.type
class TagQueries:
    @strawberry.field(description="The signed-in person's tags; empty for a visitor.")
    async def my_tags(self, info: Info) -> list[Tag]:
        who = viewer_id(info.context.viewer)
        return [_tag(t) for t in await info.context.services.tags.tags(who)] if who is not None else []

    @strawberry.field(description="Matters and scenarios for the signed-in person, each with its reason.")
    async def recommendations(self, info: Info, first: int = 10) -> list[Recommendation]:
        who = viewer_id(info.context.viewer)
        if who is None:
            return []
        found = await info.context.services.tags.recommend(who, first)
        return [Recommendation(kind=r.kind, code=r.code, name=r.name, reason=r.reason) for r in found]


@strawberry.type
class TagMutations:
    @strawberry.mutation(description="Replace the signed-in person's declared persona and life-event tags.")
    @errors_in_payload(DeclareTagsPayload, TagError.from_problem)
    async def declare_tags(
        self,
        info: Info,
        personas: list[Persona],
        life_events: list[str],
    ) -> DeclareTagsPayload:
        who = viewer_id(info.context.viewer)
        if who is None:
            raise DomainError.one("UNAUTHENTICATED", "sign in to keep tags")
        declared = await info.context.services.tags.declare(who, personas, life_events)
        return DeclareTagsPayload(tags=[_tag(t) for t in declared])
