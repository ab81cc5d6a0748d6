"""What tourism gives the district's search and map: scenic areas, guide points and resources as
search documents and as map places (GCJ-02).

The shapes match the search's ``SearchDocument`` and the map's ``Place`` field for field, so the
composition root plugs these functions in as their sources (one query per kind per call).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from luojiang.core.tourism import repository

KINDS = frozenset({"scenic_area", "scenic_point", "resource"})
SUMMARY_CHARS = 200  # a narration is long; search weighs its opening, as a visitor reads it


@dataclass(frozen=True)
class TourismDocument:
    kind: str
    code: str
    title: str
    keywords: Sequence[str] = ()
    body: str = ""
    boost: float = 0.0


@dataclass(frozen=True)
class TourismPlace:
    kind: str
    code: str
    name: str
    lng: float
    lat: float
    address: str = ""


async def search_documents() -> list[TourismDocument]:
    areas = await repository.all_areas()
    area_names = {a.id: a.name for a in areas}
    documents = [
        TourismDocument(
            "scenic_area", a.code, a.name, (a.level, "景区", "景点", "旅游"), f"{a.summary} {a.address}"
        )
        for a in areas
    ]
    chinese = await repository.chinese_narrations()
    for point in await repository.all_points():
        point_words = (area_names.get(point.area_id, ""), "讲解", "导览")
        text = chinese.get(point.id, "")[:SUMMARY_CHARS]
        documents.append(TourismDocument("scenic_point", point.code, point.name, point_words, text))
    for resource in await repository.all_resources():
        resource_words = (resource.kind, *resource.tags)
        documents.append(
            TourismDocument("resource", resource.code, resource.name, resource_words, resource.address)
        )
    return documents


async def map_places(kinds: Collection[str] = KINDS) -> list[TourismPlace]:
    places: list[TourismPlace] = []
    if "scenic_area" in kinds:
        places += [
            TourismPlace("scenic_area", a.code, a.name, a.lng, a.lat, a.address)
            for a in await repository.all_areas()
        ]
    if "scenic_point" in kinds:
        places += [
            TourismPlace("scenic_point", p.code, p.name, p.lng, p.lat) for p in await repository.all_points()
        ]
    if "resource" in kinds:
        places += [
            TourismPlace("resource", r.code, r.name, r.lng, r.lat, r.address)
            for r in await repository.all_resources()
        ]
    return places
