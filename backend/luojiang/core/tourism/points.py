"""Administrators keep the guide points: create or edit one (by its catalogue id, as the import
does: the printed code follows from that id), or retire it.

A retired point leaves every route, its printed code stops answering, and its scan statistics
stay. Whatever moves, appears or disappears re-ranks the neighbours in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from luojiang.core.errors import DomainError, NotFound
from luojiang.core.tourism import importer, repository
from luojiang.core.tourism.admin import write_narration
from luojiang.core.tourism.edits import (
    ContentChanges,
    moved,
    refuse,
    retire,
    snapshot,
)
from luojiang.core.tourism.models import GuidePoint, ScenicArea
from luojiang.core.tourism.neighbours import refresh_neighbours
from luojiang.core.tourism.rules import DEFAULT_LANGUAGE, full_tour_code, point_by_code, point_tag

AUDITED = ("code", "area_id", "position", "name", "lng", "lat", "duration_s", "retired_at")
MAX_POSITION = 32_767  # a small integer column


@dataclass(frozen=True)
class PointEdit:
    catalogue_id: str
    area: str  # the area's code
    name: str
    lng: float
    lat: float
    duration_s: int = 0
    position: int | None = None  # None: a new point goes last, an existing one keeps its place
    narration: str | None = None  # the zh-CN text; a new point needs one


async def save_point(changes: ContentChanges, actor: str, edit: PointEdit) -> GuidePoint:
    area = await repository.area_by_code(edit.area)
    if area is None:
        raise NotFound("scenic area", "area")
    if edit.position is not None and not 0 <= edit.position <= MAX_POSITION:
        raise DomainError.one("INVALID_VALUE", f"position must be 0 to {MAX_POSITION}", "position")
    row = await _catalogue_row(edit)
    refuse(importer.point_problems(row), "catalogueId")
    async with repository.places_transaction():
        point = await repository.point_for_update(catalogue_id=row["id"])
        before = snapshot(point, AUDITED)
        values = {**importer.point_values(row), "area_id": area.id}
        values["position"] = await _position(edit.position, point, area)
        if point is None:
            point = await repository.add_point(row["id"], values)
        else:
            left = point.area_id if point.area_id != area.id else None
            await repository.save(point, values)
            if left is not None:
                await _leave_routes(point.id, left)
        if edit.narration is not None:
            await write_narration(actor, point, DEFAULT_LANGUAGE, row["narration"][DEFAULT_LANGUAGE])
        after = snapshot(point, AUDITED)
        await repository.record_edit(
            actor, f"point:{point.catalogue_id}", "create" if before is None else "update", before, after
        )
        await _sync_full_tours({area.id, *([before["area_id"]] if before else [])})
        if moved(before, after):
            await refresh_neighbours()
    await changes.committed(point_tag(point.code))
    return point


async def retire_point(changes: ContentChanges, actor: str, code: str) -> GuidePoint:
    found = await point_by_code(code)
    async with repository.places_transaction():
        point = await repository.point_for_update(id=found.id, retired_at=None)
        if point is None:  # retired by someone else meanwhile
            raise NotFound("guide point", "code")
        await retire(actor, f"point:{point.catalogue_id}", point, AUDITED)
        await _leave_routes(point.id, point.area_id)
        await _sync_full_tours({point.area_id})
        await refresh_neighbours()
    await changes.committed(point_tag(point.code))
    return point


async def _catalogue_row(edit: PointEdit) -> dict[str, Any]:
    """The edit as a point of scenic.json; without a new text, the point's current Chinese one."""
    text = edit.narration
    if text is None:
        text = await repository.narration_text(edit.catalogue_id, DEFAULT_LANGUAGE)
    return {
        "id": edit.catalogue_id.strip(),
        "name": edit.name.strip(),
        "location": {"lng": edit.lng, "lat": edit.lat, "crs": "GCJ-02"},
        "narration": {DEFAULT_LANGUAGE: text.strip()} if text is not None else {},
        "duration_s": edit.duration_s,
    }


async def _position(asked: int | None, point: GuidePoint | None, area: ScenicArea) -> int:
    if asked is not None:
        return asked
    if point is not None and point.area_id == area.id:
        return int(point.position)
    last = await repository.last_live_point(area.id)
    return min(int(last.position) + 1, MAX_POSITION) if last else 0


async def _leave_routes(point_id: int, area_id: int) -> None:
    """A route is a walk through one area's live points."""
    for route in await repository.routes_of_area_for_update(area_id):
        if point_id in route.point_ids:
            route.point_ids = [p for p in route.point_ids if p != point_id]
            await repository.save(route, fields=["point_ids"])


async def _sync_full_tours(area_ids: set[int]) -> None:
    """Each area's full tour (the route the import makes) follows its live points' order."""
    for area in await repository.areas_of_ids(area_ids):
        tour = await repository.route_for_update(full_tour_code(area.code))
        if tour is not None:
            tour.point_ids = [p.id for p in await repository.points_of_area(area.id)]
            await repository.save(tour, fields=["point_ids"])
