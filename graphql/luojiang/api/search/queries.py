"""Smart search over the catalogue and tourism content."""

from __future__ import annotations

from typing import Annotated

import strawberry

from luojiang.api.context import Info
from luojiang.api.search.types import HotSearch, SearchHit, SearchKind
from luojiang.core.catalogue.permissions import viewer_id

Limit = Annotated[int, strawberry.argument(description="How many to return, 1 to 50.")]


@strawberry.type
class SearchQueries:
    @strawberry.field(
        description="Search in the user's own words: Chinese, pinyin, initials, traditional characters."
    )
    async def search(
        self, info: Info, query: str, first: Limit = 10, kinds: list[SearchKind] | None = None
    ) -> list[SearchHit]:
        wanted = {k.value for k in kinds} if kinds else None
        hits = await info.context.services.search.search(query, first, wanted, viewer_id(info.context.viewer))
        return [SearchHit.from_core(h) for h in hits]

    @strawberry.field(description="Suggestions as the user types (characters or a pinyin prefix).")
    async def search_suggestions(self, info: Info, prefix: str, first: Limit = 8) -> list[SearchHit]:
        return [SearchHit.from_core(h) for h in await info.context.services.search.suggest(prefix, first)]

    @strawberry.field(description="What people search for most.")
    async def hot_searches(self, info: Info, first: Limit = 10) -> list[HotSearch]:
        return [HotSearch(query=q, count=c) for q, c in await info.context.services.search.hot(first)]
