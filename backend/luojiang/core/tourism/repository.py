"""Every tourism query; services, loaders and jobs call these, nothing else touches the tables.

Retired areas, points and resources are left out of everything visitors and jobs read; only the
scan statistics (and an administrator's own lookups) still see them."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import AsyncIterator, Collection, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from tortoise.expressions import F
from tortoise.models import Model
from tortoise.transactions import in_transaction

from luojiang.core.pagination import Page, PageRequest, paginate
from luojiang.core.tourism.models import (
    ContentEdit,
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
# the PostgreSQL advisory lock key of the tourism writers ("LJTOUR" in ASCII)
PLACES_LOCK = 0x4C4A544F5552
Place = TypeVar("Place", ScenicArea, Resource)


def distance_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """Great-circle distance; GCJ-02's offset is locally uniform, so distances stay right."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


async def point_by_code(code: str) -> GuidePoint | None:
    """With its area: every reader of a point by its printed code shows the area too."""
    return await GuidePoint.filter(code=code, retired_at=None).select_related("area").first()


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


async def narration_texts(languages: Sequence[str]) -> dict[str, dict[int, str]]:
    """Every point's narration texts in these languages: language -> point id -> text."""
    rows = await Narration.filter(language__in=languages).values_list("language", "point_id", "text")
    texts: dict[str, dict[int, str]] = {}
    for language, point_id, text in rows:
        texts.setdefault(str(language), {})[int(point_id)] = str(text)
    return texts


async def resources_by_ids(ids: Sequence[int]) -> dict[int, Resource]:
    return {r.id: r for r in await Resource.filter(id__in=ids, retired_at=None)}


async def codes_in_use(model: type[ScenicArea] | type[Resource]) -> set[str]:
    """Every area's or resource's code, retired or not (the importer's known codes)."""
    return {str(c) for c in await model.all().values_list("code", flat=True)}


# ---- writes: administrators' edits and the import, each inside ``places_transaction`` ----------


@asynccontextmanager
async def places_transaction() -> AsyncIterator[None]:
    """A transaction that first takes the tourism writers' lock, so imports and admin edits run one
    after another: each ranks neighbours from coordinates read after the previous one committed.
    SQLite runs one transaction at a time anyway; the lock ends with the transaction."""
    async with in_transaction() as connection:
        if connection.capabilities.dialect == "postgres":
            await connection.execute_query(f"SELECT pg_advisory_xact_lock({PLACES_LOCK})")
        yield


async def record_edit(actor: str, target: str, action: str, before: Any, after: Any) -> None:
    await ContentEdit.create(actor=actor, target=target, action=action, before=before, after=after)


async def save(row: Model, values: Mapping[str, Any] | None = None, fields: Sequence[str] = ()) -> None:
    """Writes a row read for update: ``values`` set first, only ``fields`` when given."""
    if values:
        row.update_from_dict(dict(values))
    await row.save(update_fields=list(fields) or None)


async def place_for_update(model: type[Place], code: str, current: bool = False) -> Place | None:
    """An area or resource by code, locked; ``current``: not retired."""
    query = model.select_for_update().filter(code=code)
    return await (query.filter(retired_at=None) if current else query).first()


async def add_place(model: type[Place], code: str, values: Mapping[str, Any]) -> Place:
    return await model.create(code=code, **values)


async def area_has_live_points(area_id: int) -> bool:
    return await GuidePoint.filter(area_id=area_id, retired_at=None).exists()


async def point_for_update(**where: Any) -> GuidePoint | None:
    """A point locked, by ``catalogue_id=`` or by ``id=`` and ``retired_at=None``."""
    return await GuidePoint.select_for_update().get_or_none(**where)


async def add_point(catalogue_id: str, values: Mapping[str, Any]) -> GuidePoint:
    return await GuidePoint.create(catalogue_id=catalogue_id, **values)


async def last_live_point(area_id: int) -> GuidePoint | None:
    return await GuidePoint.filter(area_id=area_id, retired_at=None).order_by("-position").first()


async def live_points_by_code(codes: Collection[str], area_id: int) -> dict[str, GuidePoint]:
    rows = await GuidePoint.filter(code__in=list(codes), area_id=area_id, retired_at=None)
    return {p.code: p for p in rows}


async def narration_text(catalogue_id: str, language: str) -> str | None:
    """A point's narration text, by the point's catalogue id."""
    row = await Narration.filter(point__catalogue_id=catalogue_id, language=language).first()
    return row.text if row else None


async def narration_for_update(point_id: int, language: str) -> Narration | None:
    return await Narration.select_for_update().get_or_none(point_id=point_id, language=language)


async def add_narration(point_id: int, language: str, text: str) -> Narration:
    return await Narration.create(point_id=point_id, language=language, text=text)


async def route_for_update(code: str) -> Route | None:
    return await Route.select_for_update().get_or_none(code=code)


async def routes_of_area_for_update(area_id: int) -> list[Route]:
    return await Route.filter(area_id=area_id).select_for_update()


async def add_route(code: str, area_id: int, name: str, point_ids: list[int]) -> Route:
    return await Route.create(code=code, area_id=area_id, name=name, point_ids=point_ids)


async def delete_route(route: Route) -> None:
    await route.delete()


async def area(area_id: int) -> ScenicArea:
    """Retired or not: an existing route or point names it."""
    return await ScenicArea.get(id=area_id)


async def areas_of_ids(ids: Collection[int]) -> list[ScenicArea]:
    """Retired or not."""
    return await ScenicArea.filter(id__in=list(ids))


async def import_area(code: str, values: Mapping[str, Any]) -> tuple[ScenicArea, bool]:
    """Creates or updates; True when created."""
    return await ScenicArea.update_or_create(code=code, defaults=dict(values))


async def import_point(catalogue_id: str, values: Mapping[str, Any]) -> tuple[GuidePoint, bool]:
    return await GuidePoint.update_or_create(catalogue_id=catalogue_id, defaults=dict(values))


async def import_narration(point: GuidePoint, language: str, text: str) -> bool:
    _, created = await Narration.update_or_create(point=point, language=language, defaults={"text": text})
    return created


async def import_route(code: str, values: Mapping[str, Any]) -> bool:
    _, created = await Route.update_or_create(code=code, defaults=dict(values))
    return created


async def import_resource(code: str, values: Mapping[str, Any]) -> bool:
    _, created = await Resource.update_or_create(code=code, defaults=dict(values))
    return created


async def replace_neighbours(
    points: Iterable[PointNeighbour], resources: Iterable[ResourceNeighbour]
) -> None:
    """All at once: a scan never sees half a list."""
    async with in_transaction():
        await PointNeighbour.all().delete()
        await ResourceNeighbour.all().delete()
        await PointNeighbour.bulk_create(list(points), batch_size=500)
        await ResourceNeighbour.bulk_create(list(resources), batch_size=500)


async def qr_code_row(point_id: int, kind: str) -> QrCode:
    row, _ = await QrCode.get_or_create(point_id=point_id, kind=kind)
    return row


async def add_scan_batch(batch: str, counts: Iterable[tuple[tuple[dt.date, int, str], int]]) -> int:
    """Adds a Redis batch's counters once (a batch already applied adds nothing); returns how many
    scans were added."""
    added = 0
    async with in_transaction():
        _, fresh = await ScanFlush.get_or_create(batch=batch)
        if not fresh:
            return 0
        for (day, point_id, channel), count in counts:
            row, created = await ScanCount.get_or_create(
                point_id=point_id, channel=channel, day=day, defaults={"count": count}
            )
            if not created:
                await ScanCount.filter(id=row.id).update(count=F("count") + count)
            added += count
    return added
