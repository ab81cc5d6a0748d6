"""Declaring one's own persona and life-event tags."""

from __future__ import annotations

import strawberry

from luojiang.api.context import Info
from luojiang.api.errors import errors_in_payload
from luojiang.api.tags.types import DeclareTagsPayload, Personas, TagError, tag_of
from luojiang.core.catalogue.permissions import viewer_id
from luojiang.core.errors import DomainError


@strawberry.type
class TagMutations:
    @strawberry.mutation(description="Replace the signed-in person's declared persona and life-event tags.")
    @errors_in_payload(DeclareTagsPayload, TagError.from_problem)
    async def declare_tags(
        self,
        info: Info,
        personas: Personas,
        life_events: list[str],
    ) -> DeclareTagsPayload:
        who = viewer_id(info.context.viewer)
        if who is None:
            raise DomainError.one("UNAUTHENTICATED", "sign in to keep tags")
        declared = await info.context.services.tags.declare(who, [str(p) for p in personas], life_events)
        return DeclareTagsPayload(tags=[tag_of(t) for t in declared])
