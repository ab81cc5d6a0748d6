"""Every catalogue query; services and loaders call these, nothing else touches the tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from tortoise.models import Model

from luojiang.core.catalogue.models import Department, Hall, LicenceType, Matter, Scenario
from luojiang.core.pagination import Page, PageRequest, paginate

M = TypeVar("M", bound=Model)


async def departments_by_ids(ids: Sequence[int]) -> dict[int, Department]:
    return {d.id: d for d in await Department.filter(id__in=ids)}


async def matters_by_ids(ids: Sequence[int]) -> dict[int, Matter]:
    return {m.id: m for m in await Matter.filter(id__in=ids)}


async def scenarios_by_ids(ids: Sequence[int]) -> dict[int, Scenario]:
    return {s.id: s for s in await Scenario.filter(id__in=ids)}


async def halls_by_ids(ids: Sequence[int]) -> dict[int, Hall]:
    return {h.id: h for h in await Hall.filter(id__in=ids)}


async def by_codes(model: type[M], codes: Sequence[str]) -> dict[str, M]:
    """Current rows by code; retired rows are left out, as if they did not exist."""
    rows: list[Any] = await model.filter(code__in=codes, retired_at=None)
    return {row.code: row for row in rows}


async def department_page(request: PageRequest) -> Page[Department]:
    return await paginate(Department.filter(retired_at=None), request)


async def matter_page(
    request: PageRequest,
    department_id: int | None = None,
    topic: str | None = None,
    life_event: str | None = None,
) -> Page[Matter]:
    query = Matter.filter(retired_at=None)
    if department_id is not None:
        query = query.filter(department_id=department_id)
    if topic is not None or life_event is not None:
        # JSON lists are filtered here rather than in SQL: the same code on SQLite and PostgreSQL
        rows = await query.values_list("id", "topics", "life_events")
        query = Matter.filter(
            id__in=[i for i, topics, events in rows if _has(topics, topic) and _has(events, life_event)]
        )
    return await paginate(query, request)


async def matter_ids_by_department(department_ids: Sequence[int]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {d: [] for d in department_ids}
    rows = await Matter.filter(department_id__in=department_ids, retired_at=None).order_by("id")
    for matter in rows:
        grouped[matter.department_id].append(matter.id)
    return grouped


async def catalogue_rows() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Every department and matter as plain values (no timestamps of writing), ordered by code."""
    departments = await Department.all().order_by("code").values(*_content(Department))
    matters = await Matter.all().order_by("code").values(*_content(Matter))
    return departments, matters


def _content(model: type[Department] | type[Matter]) -> list[str]:
    return [name for name in model._meta.db_fields if name not in {"id", "updated_at"}]


def _has(values: Any, wanted: str | None) -> bool:
    return wanted is None or wanted in values


async def scenario_page(request: PageRequest) -> Page[Scenario]:
    return await paginate(Scenario.filter(retired_at=None), request)


async def hall_page(request: PageRequest, kind: str | None = None) -> Page[Hall]:
    query = Hall.filter(retired_at=None)
    if kind is not None:
        query = query.filter(kind=kind)
    return await paginate(query, request)


async def licence_type_page(request: PageRequest) -> Page[LicenceType]:
    return await paginate(LicenceType.filter(retired_at=None), request)


async def terms(field: str) -> dict[str, int]:
    """Topics or life events in use, each with how many current matters carry it."""
    counts: dict[str, int] = {}
    for values in await Matter.filter(retired_at=None).order_by("id").values_list(field, flat=True):
        for value in values:
            counts[value] = counts.get(value, 0) + 1
    return counts


async def current_matters_with_terms() -> list[Matter]:
    """Every current matter with its code, name, life events, topics and audience only."""
    return await Matter.filter(retired_at=None).only("code", "name", "life_events", "topics", "audience")


async def current_scenarios_with_matters() -> list[Scenario]:
    """Every current scenario with its code, name and base matters only."""
    return await Scenario.filter(retired_at=None).only("code", "name", "base_matters")


async def matter_terms(code: str) -> Matter | None:
    """A matter's life events and topics only, retired or not."""
    return await Matter.get_or_none(code=code).only("life_events", "topics")
