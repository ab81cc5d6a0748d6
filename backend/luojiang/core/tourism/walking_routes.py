"""Administrators keep walking routes: an area's live guide points, by their printed codes, in the
order a visitor walks them. Retiring a route removes it (nothing else refers to a route; the audit
row keeps what it was). An area's full tour follows its points' order and is not edited here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from luojiang.core.errors import DomainError, NotFound, Problem
from luojiang.core.tourism import repository
from luojiang.core.tourism.codes import normalise
from luojiang.core.tourism.edits import ContentChanges, snapshot
from luojiang.core.tourism.models import Route, ScenicArea
from luojiang.core.tourism.rules import full_tour_code

AUDITED = ("area_id", "name", "point_ids")
MAX_CODE, MAX_NAME, MAX_POINTS = 40, 128, 100


@dataclass(frozen=True)
class RouteEdit:
    code: str
    area: str  # the area's code
    name: str
    points: Sequence[str]  # printed point codes, in walking order


async def save_route(changes: ContentChanges, actor: str, edit: RouteEdit) -> Route:
    code, name = edit.code.strip(), edit.name.strip()
    area = await repository.area_by_code(edit.area)
    if area is None:
        raise NotFound("scenic area", "area")
    _check_texts(code, name, area)
    async with repository.places_transaction():
        point_ids = await _point_ids(edit.points, area)
        route = await repository.route_for_update(code)
        before = snapshot(route, AUDITED)
        if route is None:
            route = await repository.add_route(code, area.id, name, point_ids)
        else:
            await repository.save(route, {"area_id": area.id, "name": name, "point_ids": point_ids})
        action = "create" if before is None else "update"
        await repository.record_edit(actor, f"route:{code}", action, before, snapshot(route, AUDITED))
    await changes.committed()
    return route


async def retire_route(changes: ContentChanges, actor: str, code: str) -> Route:
    async with repository.places_transaction():
        route = await repository.route_for_update(code)
        if route is None:
            raise NotFound("route", "code")
        _refuse_full_tour(code, await repository.area(route.area_id))
        await repository.record_edit(actor, f"route:{code}", "retire", snapshot(route, AUDITED), None)
        await repository.delete_route(route)
    await changes.committed()
    return route


def _check_texts(code: str, name: str, area: ScenicArea) -> None:
    problems = [
        Problem("INVALID_VALUE", f"{label} must be 1 to {most} characters", label)
        for label, value, most in (("code", code, MAX_CODE), ("name", name, MAX_NAME))
        if not 0 < len(value) <= most
    ]
    if problems:
        raise DomainError(*problems)
    _refuse_full_tour(code, area)


def _refuse_full_tour(code: str, area: ScenicArea) -> None:
    if code == full_tour_code(area.code):
        raise DomainError.one(
            "INVALID_VALUE", "the full tour follows the points' positions: change those instead", "code"
        )


async def _point_ids(codes: Sequence[str], area: ScenicArea) -> list[int]:
    """Read inside the transaction, after the lock: a point retired meanwhile is refused."""
    if not 0 < len(codes) <= MAX_POINTS:
        raise DomainError.one("INVALID_VALUE", f"a route has 1 to {MAX_POINTS} points", "points")
    canonical = [normalise(c) for c in codes]
    found = await repository.live_points_by_code([c for c in canonical if c], area.id)
    problems = [
        Problem("INVALID_VALUE", "not a guide point of this area", f"points[{i}]")
        for i, c in enumerate(canonical)
        if c not in found
    ]
    problems += [
        Problem("INVALID_VALUE", "a point appears twice", f"points[{i}]")
        for i, c in enumerate(canonical)
        if c in found and c in canonical[:i]
    ]
    if problems:
        raise DomainError(*problems)
    return [found[c].id for c in canonical if c]
