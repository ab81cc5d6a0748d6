"""Batch loads for catalogue relations: one query per relation per request."""

from __future__ import annotations

from luojiang.core.catalogue import repository
from luojiang.core.catalogue.models import Department, Matter


async def department_by_id(ids: list[int]) -> list[Department | None]:
    found = await repository.departments_by_ids(ids)
    return [found.get(i) for i in ids]


async def matter_by_id(ids: list[int]) -> list[Matter | None]:
    found = await repository.matters_by_ids(ids)
    return [found.get(i) for i in ids]
