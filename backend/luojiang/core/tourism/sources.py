"""What tourism gives the district's search and map: scenic areas, guide points and resources as
search documents (``luojiang.core.search.ports``) and map places (``luojiang.core.maps.ports``,
GCJ-02). Codes are the catalogue's ids (LJ-JQ-BMG, LJ-JQ-BMG-P05, LJ-RES-047), so hits can be
judged against the catalogue; one query per kind per call.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from luojiang.core.maps.ports import Place
from luojiang.core.search.ports import VISITORS, SearchDocument
from luojiang.core.tourism import repository

KINDS = frozenset({"scenic_area", "scenic_point", "resource"})
AREA_WORDS = ("景区", "景点", "门票", "旅游")
# an area whose hours are given answers a question about them (开放时间, opening hours): its page
# shows them, while the hours themselves are figures no query says
HOURS_WORD = "开放时间"
POINT_WORDS = ("讲解", "导览")
SUMMARY_CHARS = 200  # a narration is long; search weighs its opening, as a visitor reads it
CHINESE, ENGLISH = "zh-CN", "en"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class TourismDocuments:
    async def documents(self) -> Sequence[SearchDocument]:
        areas = await repository.all_areas()
        area_names = {a.id: a.name for a in areas}
        points = await repository.all_points()
        # the languages search reads: others' texts would only take memory
        narrations = await repository.narration_texts((CHINESE, ENGLISH))
        english = {n: _lead(text) for n, text in narrations.get(ENGLISH, {}).items()}
        documents = [
            SearchDocument(
                "scenic_area",
                area.code,
                area.name,
                (
                    area.level,
                    *AREA_WORDS,
                    *((HOURS_WORD,) if area.open_hours.strip() else ()),
                    *(p.name for p in points if p.area_id == area.id),
                ),
                f"{area.summary} {area.address}",
                # an area says in English what its points say first
                english_body=" ".join(
                    english[p.id][0] for p in points if p.area_id == area.id and p.id in english
                ),
                audience=(VISITORS,),
            )
            for area in areas
        ]
        chinese = narrations.get(CHINESE, {})
        documents += [
            SearchDocument(
                "scenic_point",
                point.catalogue_id,
                point.name,
                (area_names.get(point.area_id, ""), *POINT_WORDS),
                chinese.get(point.id, "")[:SUMMARY_CHARS],
                english_names=english[point.id][:1] if point.id in english else (),
                english_body=english[point.id][1] if point.id in english else "",
                audience=(VISITORS,),
            )
            for point in points
        ]
        documents += [
            SearchDocument("resource", r.code, r.name, (r.kind, *r.tags), r.address, audience=(VISITORS,))
            for r in await repository.all_resources()
        ]
        return documents


def _lead(narration: str) -> tuple[str, str]:
    """A narration's first sentence, which says what the point is (This shrine honours Pang
    Tong), and the rest."""
    first, *rest = _SENTENCE_END.split(narration.strip(), maxsplit=1)
    return first, " ".join(rest)


class TourismPlaces:
    kinds = KINDS

    async def places(self, kinds: Collection[str]) -> Sequence[Place]:
        found: list[Place] = []
        if "scenic_area" in kinds:
            found += [
                Place("scenic_area", a.code, a.name, a.lng, a.lat, a.address)
                for a in await repository.all_areas()
            ]
        if "scenic_point" in kinds:
            found += [
                Place("scenic_point", p.catalogue_id, p.name, p.lng, p.lat)
                for p in await repository.all_points()
            ]
        if "resource" in kinds:
            found += [
                Place("resource", r.code, r.name, r.lng, r.lat, r.address)
                for r in await repository.all_resources()
            ]
        return found
