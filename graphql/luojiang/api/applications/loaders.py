"""Batch loads for cases' relations: one query per relation per request, whatever the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from luojiang.core.applications import repository
from luojiang.core.applications.models import Case, CaseMaterial, CaseStep, Rating

R = TypeVar("R", CaseStep, CaseMaterial)


def _grouped(case_ids: list[int], rows: Sequence[R]) -> list[list[R]]:
    grouped: dict[int, list[R]] = {i: [] for i in case_ids}
    for row in rows:
        grouped[row.case_id].append(row)
    return [grouped[i] for i in case_ids]


async def case_by_id(ids: list[int]) -> Sequence[Case | None]:
    found = await repository.cases_by_ids(ids)
    return [found.get(i) for i in ids]


async def steps_by_case(case_ids: list[int]) -> Sequence[list[CaseStep]]:
    return _grouped(case_ids, await repository.steps_of(case_ids))


async def materials_by_case(case_ids: list[int]) -> Sequence[list[CaseMaterial]]:
    return _grouped(case_ids, await repository.materials_of(case_ids))


async def rating_by_case(case_ids: list[int]) -> Sequence[Rating | None]:
    found = {r.case_id: r for r in await repository.ratings_of(case_ids)}
    return [found.get(i) for i in case_ids]
