"""Search mutations: counting what people open, so that popular items rank higher."""

from __future__ import annotations

import strawberry

from luojiang.api.context import Info
from luojiang.api.search.types import SearchKind
from luojiang.core.catalogue.permissions import viewer_id


@strawberry.type
class SearchMutations:
    @strawberry.mutation(description="Count a view of a catalogue item: popular items rank higher.")
    async def record_view(self, info: Info, kind: SearchKind, code: str) -> bool:
        await info.context.services.search.record_view(kind.value, code, viewer_id(info.context.viewer))
        return True
