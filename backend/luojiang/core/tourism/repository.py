"""Every tourism query; services, loaders and jobs call these, nothing else touches the tables.

Retired areas, points and resources are left out of everything visitors and jobs read; only the
scan statistics (and an administrator's own lookups) still see them."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from luojiang.core.pagination import Page, PageRequest, paginate
from luojiang.core.tourism.models import (
    GuidePoint,
    Narration,
    PointNeighbour,
    QrCode,
    Resource,
    ResourceNeighbour,
    Route,
    ScanCount,
    ScanFlush,
    ScenicArea,
)

EARTH_RADIUS_M = 6_371_000.0


def distance_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """Great-circle distance; GCJ-02's offset is locally uniform, so distances stay right."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


async def point_by_code(code: str) -> GuidePoint | None:
    """With its area: every reader of a point by its printed code shows the area too."""
    return await GuidePoint.filter(code=code, retired_at=None).select_related("area").first()


async def point_by_catalogue_id(catalogue_id: str) -> GuidePoint | None:
    """Retired or not: an administrator saving a point's catalogue id brings a retired one back."""
    return await GuidePoint.get_or_none(catalogue_id=catalogue_id)


async def points_by_ids(ids: Sequence[int], include_retired: bool = False) -> dict[int, GuidePoint]:
    query = GuidePoint.filter(id__in=ids)
    return {p.id: p for p in await (query if include_retired else query.filter(retired_at=None))}


async def areas_by_ids(ids: Sequence[int]) -> dict[int, ScenicArea]:
    return {a.id: a for a in await ScenicArea.filter(id__in=ids, retired_at=None)}


async def area_by_code(code: str, include_retired: bool = False) -> ScenicArea | None:
    query = ScenicArea.filter(code=code)
    return await (query if include_retired else query.filter(retired_at=None)).first()


async def points_of_area(area_id: int) -> list[GuidePoint]:
    return await GuidePoint.filter(area_id=area_id, retired_at=None).order_by("position", "id")


async def area_page(request: PageRequest) -> Page[ScenicArea]:
    return await paginate(ScenicArea.filter(retired_at=None), request)


async def points_by_area_ids(area_ids: Sequence[int]) -> dict[int, list[GuidePoint]]:
    """Each area's points in tour order: one read for all the areas."""
    grouped: dict[int, list[GuidePoint]] = {a: [] for a in area_ids}
    for point in await GuidePoint.filter(area_id__in=area_ids, retired_at=None).order_by("position", "id"):
        grouped[point.area_id].append(point)
    return grouped


async def routes_by_area_ids(area_ids: Sequence[int]) -> dict[int, list[Route]]:
    grouped: dict[int, list[Route]] = {a: [] for a in area_ids}
    for route in await Route.filter(area_id__in=area_ids).order_by("id"):
        grouped[route.area_id].append(route)
    return grouped


async def narrations_by_point_ids(point_ids: Sequence[int]) -> dict[int, dict[str, Narration]]:
    grouped: dict[int, dict[str, Narration]] = {p: {} for p in point_ids}
    for narration in await Narration.filter(point_id__in=point_ids):
        grouped[narration.point_id][narration.language] = narration
    return grouped


async def narration(point_id: int, language: str) -> Narration | None:
    return await Narration.get_or_none(point_id=point_id, language=language)


async def next_points(points: Sequence[GuidePoint]) -> dict[int, GuidePoint | None]:
    """Each point's successor in its area's tour: one read of the areas' points."""
    tours: dict[int, list[GuidePoint]] = {}
    areas = {p.area_id for p in points}
    for row in await GuidePoint.filter(area_id__in=areas, retired_at=None).order_by("position", "id"):
        tours.setdefault(row.area_id, []).append(row)
    return {p.id: next((o for o in tours[p.area_id] if o.position > p.position), None) for p in points}


async def neighbour_points(point_ids: Sequence[int], limit: int) -> dict[int, list[tuple[float, GuidePoint]]]:
    grouped: dict[int, list[tuple[float, GuidePoint]]] = {p: [] for p in point_ids}
    rows = PointNeighbour.filter(point_id__in=point_ids, rank__lt=limit).select_related("other")
    for row in await rows.order_by("point_id", "rank"):
        grouped[row.point_id].append((row.distance_m, row.other))
    return grouped


async def neighbour_resources(
    point_ids: Sequence[int], limit: int
) -> dict[int, list[tuple[float, Resource]]]:
    grouped: dict[int, list[tuple[float, Resource]]] = {p: [] for p in point_ids}
    rows = ResourceNeighbour.filter(point_id__in=point_ids, rank__lt=limit).select_related("resource")
    for row in await rows.order_by("point_id", "rank"):
        grouped[row.point_id].append((row.distance_m, row.resource))
    return grouped


async def qr_code(point_id: int, kind: str) -> QrCode | None:
    return await QrCode.get_or_none(point_id=point_id, kind=kind)


async def scan_counts(since: dt.date, until: dt.date, area_id: int | None = None) -> list[ScanCount]:
    """One statement: it sees a flush's counts all or not at all."""
    query = ScanCount.filter(day__gte=since, day__lte=until)
    if area_id is not None:
        query = query.filter(point__area_id=area_id)
    return await query


async def applied_scan_batches(batches: Sequence[str]) -> set[str]:
    """Those of the Redis scan batches whose counts the database holds."""
    return {str(b) for b in await ScanFlush.filter(batch__in=batches).values_list("batch", flat=True)}


async def codes_of_points(point_ids: Sequence[int]) -> dict[int, dict[str, QrCode]]:
    grouped: dict[int, dict[str, QrCode]] = {p: {} for p in point_ids}
    for row in await QrCode.filter(point_id__in=point_ids):
        grouped[row.point_id][row.kind] = row
    return grouped


async def all_areas() -> list[ScenicArea]:
    return await ScenicArea.filter(retired_at=None).order_by("id")


async def all_points() -> list[GuidePoint]:
    return await GuidePoint.filter(retired_at=None).order_by("id")


async def all_resources() -> list[Resource]:
    return await Resource.filter(retired_at=None).order_by("id")


async def chinese_narrations() -> dict[int, str]:
    rows = await Narration.filter(language="zh-CN").values_list("point_id", "text")
    return {int(point_id): str(text) for point_id, text in rows}


async def resources_by_ids(ids: Sequence[int]) -> dict[int, Resource]:
    return {r.id: r for r in await Resource.filter(id__in=ids, retired_at=None)}
