"""Batch loads for tourism relations: one query per relation per request."""

from __future__ import annotations

from luojiang.core.tourism import repository
from luojiang.core.tourism.models import GuidePoint, Narration, Resource, ScenicArea


async def area_by_id(ids: list[int]) -> list[ScenicArea | None]:
    found = await repository.areas_by_ids(ids)
    return [found.get(i) for i in ids]


async def point_by_id(ids: list[int]) -> list[GuidePoint | None]:
    found = await repository.points_by_ids(ids)
    return [found.get(i) for i in ids]


async def narrations_by_point_id(ids: list[int]) -> list[dict[str, Narration]]:
    found = await repository.narrations_by_point_ids(ids)
    return [found.get(i, {}) for i in ids]


async def resource_by_id(ids: list[int]) -> list[Resource | None]:
    found = await repository.resources_by_ids(ids)
    return [found.get(i) for i in ids]
