"""Import sections for ``scenic.json`` and ``resources.json`` (FORMAT.md).

Each section upserts by the catalogue id, inside the caller's transaction, and reports what it
created and updated and which rows it rejected with the field at fault. Re-running an import
changes nothing. Narrations given in the file replace the text; uploaded audio is kept; an area,
point or resource an administrator retired comes back when the file lists it.

The row checks and the row-to-column mappings here are the only ones: administrators' edits
(``luojiang.core.tourism.places``) pass their input through them in the catalogue format.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from luojiang.core.tourism import repository
from luojiang.core.tourism.codes import point_code
from luojiang.core.tourism.models import ScenicArea
from luojiang.core.tourism.neighbours import refresh_neighbours
from luojiang.core.tourism.rules import full_tour_code

DEFAULT_LANGUAGE = "zh-CN"
MAX_NARRATION_CHARS = 5_000
RESOURCE_KINDS = frozenset({"宾馆", "饭店", "农家乐", "旅行社", "特产店"})
# a generous box around Sichuan: a coordinate outside it is a typo, not a place in Luojiang
LNG_RANGE = (97.0, 109.0)
LAT_RANGE = (26.0, 35.0)


@dataclass(frozen=True)
class Rejection:
    row: str
    field: str
    message: str


@dataclass
class SectionReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1


class RowRejected(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


async def import_scenic(rows: list[dict[str, Any]]) -> SectionReport:
    async def apply(row: dict[str, Any], report: SectionReport) -> None:
        area = await _upsert_area(row, report)
        await _upsert_points(area, row["points"], report)

    return await _import_rows(rows, _check_area, apply)


async def import_resources(rows: list[dict[str, Any]]) -> SectionReport:
    async def apply(row: dict[str, Any], report: SectionReport) -> None:
        report.count("resources", await repository.import_resource(row["id"], resource_values(row)))

    return await _import_rows(rows, _check_resource, apply)


async def _import_rows(
    rows: list[dict[str, Any]],
    check: Callable[[dict[str, Any]], None],
    apply: Callable[[dict[str, Any], SectionReport], Awaitable[None]],
) -> SectionReport:
    """Applies each row that ``check`` accepts and reports the others, with the places locked
    against admin edits, then recomputes the neighbours once."""
    report = SectionReport()
    async with repository.places_transaction():
        for index, row in enumerate(rows):
            try:
                check(row)
            except RowRejected as bad:
                report.rejected.append(Rejection(str(row.get("id") or f"#{index}"), bad.field, bad.message))
                continue
            await apply(row, report)
        await refresh_neighbours()
    return report


def area_values(row: dict[str, Any]) -> dict[str, Any]:
    """A checked scenic.json row (without its points) as ScenicArea columns."""
    lng, lat = _coordinates(row["location"])
    return {
        "name": row["name"],
        "level": row.get("level", ""),
        "town": row.get("town", ""),
        "address": row.get("address", ""),
        "lng": lng,
        "lat": lat,
        "summary": row.get("summary", ""),
        "open_hours": row.get("open_hours", ""),
        "ticket": row.get("ticket") or {},
        "retired_at": None,
    }


def point_values(row: dict[str, Any]) -> dict[str, Any]:
    """A checked point of a scenic.json row as GuidePoint columns (without area and position); the
    printed code follows from the catalogue id, so the same point always gets the same code."""
    lng, lat = _coordinates(row["location"])
    return {
        "code": point_code(row["id"]),
        "name": row["name"],
        "lng": lng,
        "lat": lat,
        "duration_s": int(row.get("duration_s") or 0),
        "retired_at": None,
    }


def resource_values(row: dict[str, Any]) -> dict[str, Any]:
    lng, lat = _coordinates(row["location"])
    return {
        "kind": row["kind"],
        "name": row["name"],
        "town": row.get("town", ""),
        "address": row.get("address", ""),
        "lng": lng,
        "lat": lat,
        "phone": row.get("phone", ""),
        "tags": [str(t) for t in row.get("tags", [])],
        "retired_at": None,
    }


async def _upsert_area(row: dict[str, Any], report: SectionReport) -> ScenicArea:
    area, created = await repository.import_area(row["id"], area_values(row))
    report.count("scenic_areas", created)
    return area


async def _upsert_points(area: ScenicArea, rows: list[dict[str, Any]], report: SectionReport) -> None:
    point_ids: list[int] = []
    for position, row in enumerate(rows):
        point, created = await repository.import_point(
            row["id"], {**point_values(row), "area": area, "position": position}
        )
        report.count("guide_points", created)
        point_ids.append(point.id)
        for language, text in row["narration"].items():
            report.count("narrations", await repository.import_narration(point, language, text))
    # every area gets its full tour as a route, in the catalogue's order
    created = await repository.import_route(
        full_tour_code(area.code), {"area": area, "name": f"{area.name}全程导览", "point_ids": point_ids}
    )
    report.count("routes", created)


def _check_area(row: dict[str, Any]) -> None:
    _check_area_fields(row)
    points = row.get("points")
    if not isinstance(points, list):
        raise RowRejected("points", "points must be a list")
    seen: set[str] = set()
    for i, point in enumerate(points):
        where = f"points[{i}]"
        if not isinstance(point, dict):
            raise RowRejected(where, "a point must be an object")
        _check_point(point, where)
        if point["id"] in seen:
            raise RowRejected(f"{where}.id", "the same point id appears twice")
        seen.add(point["id"])


def _check_area_fields(row: dict[str, Any]) -> None:
    _require_text(row, "id", 32)
    _require_text(row, "name", 128)
    _check_location(row.get("location"), "location")
    _check_ticket(row.get("ticket") or {})


def _check_ticket(ticket: Any) -> None:
    if not isinstance(ticket, dict) or not isinstance(ticket.get("items", []), list):
        raise RowRejected("ticket", "ticket must be {free, items: [{name, amount_fen}]}")
    for i, item in enumerate(ticket.get("items", [])):
        where = f"ticket.items[{i}]"
        if not isinstance(item, dict):
            raise RowRejected(where, "a ticket item must be {name, amount_fen}")
        _require_text(item, "name", 128, where)
        amount = item.get("amount_fen")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise RowRejected(f"{where}.amount_fen", "amount_fen must be a whole number of fen, 0 or more")


def _check_point(point: dict[str, Any], where: str = "") -> None:
    prefix = f"{where}." if where else ""
    _require_text(point, "id", 32, where)
    _require_text(point, "name", 128, where)
    _check_location(point.get("location"), f"{prefix}location")
    _check_narration(point.get("narration"), f"{prefix}narration")
    duration = point.get("duration_s", 0)
    if not isinstance(duration, int) or isinstance(duration, bool) or duration < 0:
        raise RowRejected(f"{prefix}duration_s", "duration_s must be a whole number of seconds")


def _check_resource(row: dict[str, Any]) -> None:
    _require_text(row, "id", 32)
    _require_text(row, "name", 128)
    if row.get("kind") not in RESOURCE_KINDS:
        raise RowRejected("kind", f"kind must be one of {', '.join(sorted(RESOURCE_KINDS))}")
    _check_location(row.get("location"), "location")
    if not isinstance(row.get("tags", []), list):
        raise RowRejected("tags", "tags must be a list")


def _check_narration(narration: Any, where: str) -> None:
    if not isinstance(narration, dict) or not isinstance(narration.get(DEFAULT_LANGUAGE), str):
        raise RowRejected(where, f"a narration needs at least the {DEFAULT_LANGUAGE} text")
    for language, text in narration.items():
        if not isinstance(text, str) or not text.strip() or len(language) > 16:
            raise RowRejected(f"{where}.{language}", "a narration is a non-empty text per language")
        if len(text) > MAX_NARRATION_CHARS:
            raise RowRejected(
                f"{where}.{language}", f"a narration is at most {MAX_NARRATION_CHARS} characters"
            )


def _require_text(row: dict[str, Any], key: str, max_length: int, where: str = "") -> None:
    value = row.get(key)
    name = f"{where}.{key}" if where else key
    if not isinstance(value, str) or not value.strip():
        raise RowRejected(name, f"{key} is required")
    if len(value) > max_length:
        raise RowRejected(name, f"{key} is longer than {max_length} characters")


def _check_location(location: Any, where: str) -> None:
    if not isinstance(location, dict):
        raise RowRejected(where, "location must be {lng, lat, crs}")
    if location.get("crs", "GCJ-02") != "GCJ-02":
        raise RowRejected(f"{where}.crs", "coordinates must be GCJ-02")
    lng, lat = location.get("lng"), location.get("lat")
    if not isinstance(lng, int | float) or not LNG_RANGE[0] <= lng <= LNG_RANGE[1]:
        raise RowRejected(f"{where}.lng", "lng is outside Sichuan")
    if not isinstance(lat, int | float) or not LAT_RANGE[0] <= lat <= LAT_RANGE[1]:
        raise RowRejected(f"{where}.lat", "lat is outside Sichuan")


def _coordinates(location: dict[str, Any]) -> tuple[float, float]:
    return float(location["lng"]), float(location["lat"])


def _problems(check: Callable[[dict[str, Any]], None], row: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        check(row)
    except RowRejected as bad:
        return [(bad.field, bad.message)]
    return []


def scenic_row_problems(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, reason) for a scenic.json row: the shared importer's ``check`` for this section."""
    return _problems(_check_area, row)


def area_problems(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, reason) for a scenic.json row's own fields, its points aside."""
    return _problems(_check_area_fields, row)


def point_problems(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, reason) for one point of a scenic.json row."""
    return _problems(_check_point, row)


def resource_row_problems(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, reason) for a resources.json row."""
    return _problems(_check_resource, row)
