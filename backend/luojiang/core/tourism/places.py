"""Administrators keep scenic areas and the tourism resources ledger: create or edit one by its
catalogue code (the import's upsert, the import's row rules), or retire it.

A retired area or resource disappears from the guide, search and map and comes back when it is
saved again (or imported). An area is retired only once its points are: retiring them is each a
decision of its own, with its audit row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from luojiang.core.errors import DomainError, NotFound
from luojiang.core.tourism import importer
from luojiang.core.tourism.edits import (
    ContentChanges,
    audit,
    content_transaction,
    moved,
    refuse,
    snapshot,
)
from luojiang.core.tourism.models import GuidePoint, Resource, ScenicArea
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
    async with content_transaction():
        area = await ScenicArea.select_for_update().get_or_none(code=row["id"])
        before = snapshot(area, AREA_AUDITED)
        if area is None:
            area = await ScenicArea.create(code=row["id"], **importer.area_values(row))
        else:
            await area.update_from_dict(importer.area_values(row)).save()
        after = snapshot(area, AREA_AUDITED)
        await audit(actor, f"area:{area.code}", "create" if before is None else "update", before, after)
    await changes.committed()
    return area


async def retire_area(changes: ContentChanges, actor: str, code: str) -> ScenicArea:
    async with content_transaction():
        area = await ScenicArea.select_for_update().get_or_none(code=code, retired_at=None)
        if area is None:
            raise NotFound("scenic area", "code")
        if await GuidePoint.filter(area_id=area.id, retired_at=None).exists():
            raise DomainError.one("IN_USE", "retire the area's guide points first", "code")
        before = snapshot(area, AREA_AUDITED)
        area.retired_at = datetime.now(UTC)
        await area.save(update_fields=["retired_at", "updated_at"])
        await audit(actor, f"area:{area.code}", "retire", before, snapshot(area, AREA_AUDITED))
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
    async with content_transaction():
        resource = await Resource.select_for_update().get_or_none(code=row["id"])
        before = snapshot(resource, RESOURCE_AUDITED)
        if resource is None:
            resource = await Resource.create(code=row["id"], **importer.resource_values(row))
        else:
            await resource.update_from_dict(importer.resource_values(row)).save()
        after = snapshot(resource, RESOURCE_AUDITED)
        action = "create" if before is None else "update"
        await audit(actor, f"resource:{resource.code}", action, before, after)
        if moved(before, after):
            await refresh_neighbours()
    await changes.committed()
    return resource


async def retire_resource(changes: ContentChanges, actor: str, code: str) -> Resource:
    async with content_transaction():
        resource = await Resource.select_for_update().get_or_none(code=code, retired_at=None)
        if resource is None:
            raise NotFound("tourism resource", "code")
        before = snapshot(resource, RESOURCE_AUDITED)
        resource.retired_at = datetime.now(UTC)
        await resource.save(update_fields=["retired_at", "updated_at"])
        await audit(
            actor, f"resource:{resource.code}", "retire", before, snapshot(resource, RESOURCE_AUDITED)
        )
        await refresh_neighbours()
    await changes.committed()
    return resource


def _texts(edit: AreaEdit | ResourceEdit, *names: str) -> dict[str, str]:
    return {name: str(getattr(edit, name)).strip() for name in names}


def _location(lng: float, lat: float) -> dict[str, Any]:
    return {"lng": lng, "lat": lat, "crs": "GCJ-02"}
