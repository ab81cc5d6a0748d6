"""Every catalogue query; services and loaders call these, nothing else touches the tables."""

from __future__ import annotations

from collections.abc import Sequence

from luojiang.core.catalogue.models import Department, Matter
from luojiang.core.pagination import Page, PageRequest, paginate


async def departments_by_ids(ids: Sequence[int]) -> dict[int, Department]:
    return {d.id: d for d in await Department.filter(id__in=ids)}


async def matters_by_ids(ids: Sequence[int]) -> dict[int, Matter]:
    return {m.id: m for m in await Matter.filter(id__in=ids)}


async def department_page(request: PageRequest) -> Page[Department]:
    return await paginate(Department.filter(retired_at=None), request)


async def matter_page(request: PageRequest, department_id: int | None = None) -> Page[Matter]:
    query = Matter.filter(retired_at=None)
    if department_id is not None:
        query = query.filter(department_id=department_id)
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
