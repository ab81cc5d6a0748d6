"""Administrators keep scenic areas and the tourism resources ledger: create or edit one by its
catalogue code (the import's upsert, the import's row rules), or retire it.

A retired area or resource disappears from the guide, search and map and comes back when it is
saved again (or imported). An area is retired only once its points are: retiring them is each a
decision of its own, with its audit row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from luojiang.core.errors import DomainError, NotFound
from luojiang.core.tourism import importer, repository
from luojiang.core.tourism.edits import (
    ContentChanges,
    moved,
    refuse,
    retire,
    upsert,
)
from luojiang.core.tourism.models import Resource, ScenicArea
from luojiang.core.tourism.neighbours import refresh_neighbours

AREA_AUDITED = (
    "name", "level", "town", "address", "lng", "lat", "summary", "open_hours", "ticket", "retired_at"
)  # fmt: skip
RESOURCE_AUDITED = ("kind", "name", "town", "address", "lng", "lat", "phone", "tags", "retired_at")


@dataclass(frozen=True)
class AreaEdit:
    code: str
    name: str
    lng: float
    lat: float
    level: str = ""
    town: str = ""
    address: str = ""
    summary: str = ""
    open_hours: str = ""
    ticket: Mapping[str, Any] | None = None  # {free, items: [{name, amount_fen}]}, as in scenic.json


@dataclass(frozen=True)
class ResourceEdit:
    code: str
    kind: str  # 宾馆, 饭店, 农家乐, 旅行社 or 特产店
    name: str
    lng: float
    lat: float
    town: str = ""
    address: str = ""
    phone: str = ""
    tags: Sequence[str] = field(default_factory=tuple)


async def save_area(changes: ContentChanges, actor: str, edit: AreaEdit) -> ScenicArea:
    row = {
        **_texts(edit, "code", "name", "level", "town", "address", "summary", "open_hours"),
        "location": _location(edit.lng, edit.lat),
        "ticket": dict(edit.ticket) if edit.ticket is not None else {},
    }
    row["id"] = row.pop("code")
    refuse(importer.area_problems(row), "code")
    async with repository.places_transaction():
        code, values = str(row["id"]), importer.area_values(row)
        area, _, _ = await upsert(actor, f"area:{code}", ScenicArea, code, values, AREA_AUDITED)
    await changes.committed()
    return area


async def retire_area(changes: ContentChanges, actor: str, code: str) -> ScenicArea:
    async with repository.places_transaction():
        area = await repository.place_for_update(ScenicArea, code, current=True)
        if area is None:
            raise NotFound("scenic area", "code")
        if await repository.area_has_live_points(area.id):
            raise DomainError.one("IN_USE", "retire the area's guide points first", "code")
        await retire(actor, f"area:{area.code}", area, AREA_AUDITED)
    await changes.committed()
    return area


async def save_resource(changes: ContentChanges, actor: str, edit: ResourceEdit) -> Resource:
    row = {
        **_texts(edit, "code", "kind", "name", "town", "address", "phone"),
        "location": _location(edit.lng, edit.lat),
        "tags": [t.strip() for t in edit.tags if t.strip()],
    }
    row["id"] = row.pop("code")
    refuse(importer.resource_row_problems(row), "code")
    async with repository.places_transaction():
        code, values = str(row["id"]), importer.resource_values(row)
        resource, before, after = await upsert(
            actor, f"resource:{code}", Resource, code, values, RESOURCE_AUDITED
        )
        if moved(before, after):
            await refresh_neighbours()
    await changes.committed()
    return resource


async def retire_resource(changes: ContentChanges, actor: str, code: str) -> Resource:
    async with repository.places_transaction():
        resource = await repository.place_for_update(Resource, code, current=True)
        if resource is None:
            raise NotFound("tourism resource", "code")
        await retire(actor, f"resource:{resource.code}", resource, RESOURCE_AUDITED)
        await refresh_neighbours()
    await changes.committed()
    return resource


def _texts(edit: AreaEdit | ResourceEdit, *names: str) -> dict[str, str]:
    return {name: str(getattr(edit, name)).strip() for name in names}


def _location(lng: float, lat: float) -> dict[str, Any]:
    return {"lng": lng, "lat": lat, "crs": "GCJ-02"}
