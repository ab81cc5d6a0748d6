"""Smart tags and recommendations for the signed-in person."""

from __future__ import annotations

import strawberry

from luojiang.api.context import Info
from luojiang.api.tags.types import Recommendation, Tag, tag_of
from luojiang.core.catalogue.permissions import viewer_id


@strawberry.type
class TagQueries:
    @strawberry.field(description="The signed-in person's tags; empty for a visitor.")
    async def my_tags(self, info: Info) -> list[Tag]:
        who = viewer_id(info.context.viewer)
        return [tag_of(t) for t in await info.context.services.tags.tags(who)] if who is not None else []

    @strawberry.field(description="Matters and scenarios for the signed-in person, each with its reason.")
    async def recommendations(self, info: Info, first: int = 10) -> list[Recommendation]:
        who = viewer_id(info.context.viewer)
        if who is None:
            return []
        found = await info.context.services.tags.recommend(who, first)
        return [Recommendation(kind=r.kind, code=r.code, name=r.name, reason=r.reason) for r in found]
