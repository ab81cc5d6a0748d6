"""Search hits, suggestions and hot searches."""

from __future__ import annotations

from enum import Enum

import strawberry

from luojiang.core.search.index import SearchHit as CoreHit


@strawberry.enum(description="What a hit is.")
class SearchKind(Enum):
    MATTER = "matter"
    SCENARIO = "scenario"
    HALL = "hall"
    SCENIC_AREA = "scenic_area"
    SCENIC_POINT = "scenic_point"
    RESOURCE = "resource"


@strawberry.type(description="One thing found; code is its catalogue code.")
class SearchHit:
    kind: str = strawberry.field(description="matter, scenario, hall, scenic_area, scenic_point or resource.")
    code: str
    title: str
    highlight: str = strawberry.field(description="The title with the matched characters in <em>…</em>.")
    relevance: float

    @classmethod
    def from_core(cls, hit: CoreHit) -> SearchHit:
        return cls(
            kind=hit.kind,
            code=hit.code,
            title=hit.title,
            highlight=hit.highlight,
            relevance=round(hit.relevance, 4),
        )


@strawberry.type
class HotSearch:
    query: str
    count: int
