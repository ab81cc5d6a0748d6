"""What the catalogue gives the search index (``luojiang.core.search.sources``)."""

from __future__ import annotations

from collections.abc import Sequence

from luojiang.core.catalogue import repository
from luojiang.core.catalogue.models import Hall, Matter, Scenario
from luojiang.core.search.sources import SearchDocument

AUDIENCE_WORDS = {"person": "个人", "enterprise": "企业"}
HALL_KIND_WORDS = {
    "district_center": ("政务服务中心", "办事大厅", "政务大厅"),
    "town_center": ("便民服务中心", "办事大厅"),
    "village_station": ("便民服务站",),
}
# a one-thing scenario is the better answer when it fits as well as one of its matters
SCENARIO_PRIOR = 0.03


class MatterDocuments:
    async def documents(self) -> Sequence[SearchDocument]:
        departments = await repository.department_short_names()
        return [
            SearchDocument(
                kind="matter",
                code=m.code,
                title=m.name,
                keywords=(
                    *m.topics,
                    *m.life_events,
                    m.category,
                    departments.get(m.department_id, ""),
                    *(AUDIENCE_WORDS[a] for a in m.audience if a in AUDIENCE_WORDS),
                ),
            )
            for m in await repository.current_rows(Matter)
        ]


class ScenarioDocuments:
    async def documents(self) -> Sequence[SearchDocument]:
        matters = {m.code: m for m in await repository.current_matters_with_terms()}
        documents = []
        for s in await repository.current_rows(Scenario):
            included = [matters[c] for c in s.base_matters if c in matters]
            events = sorted({e for m in included for e in m.life_events})
            documents.append(
                SearchDocument(
                    kind="scenario",
                    code=s.code,
                    title=s.name,
                    keywords=("一件事", *events, *(m.name for m in included)),
                    body=s.summary,
                    boost=SCENARIO_PRIOR,
                )
            )
        return documents


class HallDocuments:
    async def documents(self) -> Sequence[SearchDocument]:
        towns = await repository.town_names()
        return [
            SearchDocument(
                kind="hall",
                code=h.code,
                title=h.name,
                keywords=(*HALL_KIND_WORDS.get(h.kind, ()), towns.get(h.town, "")),
                body=h.address,
            )
            for h in await repository.current_rows(Hall)
        ]


def catalogue_search_sources() -> list[MatterDocuments | ScenarioDocuments | HallDocuments]:
    return [MatterDocuments(), ScenarioDocuments(), HallDocuments()]
