"""Batch loads for catalogue relations: one query per relation per request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from tortoise.models import Model

from luojiang.core.catalogue import repository
from luojiang.core.catalogue.models import Department, Hall, LicenceType, Matter, Scenario, Town

M = TypeVar("M", bound=Model)


def _in_order(found: dict[str, M], keys: Sequence[str]) -> list[M | None]:
    return [found.get(k) for k in keys]


async def department_by_id(ids: list[int]) -> list[Department | None]:
    found = await repository.departments_by_ids(ids)
    return [found.get(i) for i in ids]


async def matter_by_id(ids: list[int]) -> list[Matter | None]:
    found = await repository.matters_by_ids(ids)
    return [found.get(i) for i in ids]


async def department_by_code(codes: list[str]) -> list[Department | None]:
    return _in_order(await repository.by_codes(Department, codes), codes)


async def matter_by_code(codes: list[str]) -> list[Matter | None]:
    return _in_order(await repository.by_codes(Matter, codes), codes)


async def hall_by_code(codes: list[str]) -> list[Hall | None]:
    return _in_order(await repository.by_codes(Hall, codes), codes)


async def licence_type_by_code(codes: list[str]) -> list[LicenceType | None]:
    return _in_order(await repository.by_codes(LicenceType, codes), codes)


async def town_by_code(codes: list[str]) -> list[Town | None]:
    return _in_order(await repository.by_codes(Town, codes), codes)


async def scenario_by_id(ids: list[int]) -> list[Scenario | None]:
    found = await repository.scenarios_by_ids(ids)
    return [found.get(i) for i in ids]


async def hall_by_id(ids: list[int]) -> list[Hall | None]:
    found = await repository.halls_by_ids(ids)
    return [found.get(i) for i in ids]
