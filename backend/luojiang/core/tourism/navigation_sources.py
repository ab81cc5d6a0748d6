"""What tourism gives service navigation: scenic areas, guide points and resources, as search
documents (``luojiang.core.search.sources``) and map places (``luojiang.core.maps.sources``).
Codes are the catalogue's ids (LJ-JQ-BMG, LJ-JQ-BMG-P05, LJ-RES-047)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from luojiang.core.maps.sources import Place
from luojiang.core.search.sources import SearchDocument
from luojiang.core.tourism.models import GuidePoint, Resource, ScenicArea

AREA_WORDS = ("景区", "景点", "门票", "旅游")
POINT_WORDS = ("导览", "讲解")


class TourismDocuments:
    async def documents(self) -> Sequence[SearchDocument]:
        areas = {a.id: a for a in await ScenicArea.all().order_by("id")}
        points = await GuidePoint.all().order_by("area_id", "position", "id")
        docs = []
        for area in areas.values():
            names = [p.name for p in points if p.area_id == area.id]
            keywords = (*AREA_WORDS, area.level, *names)
            docs.append(SearchDocument("scenic_area", area.code, area.name, keywords, area.summary))
        for point in points:
            area_name = areas[point.area_id].name if point.area_id in areas else ""
            docs.append(
                SearchDocument("scenic_point", point.catalogue_id, point.name, (area_name, *POINT_WORDS))
            )
        for res in await Resource.all().order_by("id"):
            docs.append(SearchDocument("resource", res.code, res.name, (res.kind, *res.tags), res.address))
        return docs


class TourismPlaces:
    kinds = frozenset({"scenic_area", "scenic_point", "resource"})

    async def places(self, kinds: Collection[str]) -> Sequence[Place]:
        found: list[Place] = []
        if "scenic_area" in kinds:
            found += [
                Place("scenic_area", a.code, a.name, a.lng, a.lat, a.address) for a in await ScenicArea.all()
            ]
        if "scenic_point" in kinds:
            found += [
                Place("scenic_point", p.catalogue_id, p.name, p.lng, p.lat) for p in await GuidePoint.all()
            ]
        if "resource" in kinds:
            found += [
                Place("resource", r.code, r.name, r.lng, r.lat, r.address) for r in await Resource.all()
            ]
        return found
