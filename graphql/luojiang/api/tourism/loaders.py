"""Batch loads for tourism relations: one query per relation per request."""

from __future__ import annotations

from luojiang.core.tourism import repository
from luojiang.core.tourism.models import GuidePoint, Narration, Resource, Route, ScenicArea


async def area_by_id(ids: list[int]) -> list[ScenicArea | None]:
    found = await repository.areas_by_ids(ids)
    return [found.get(i) for i in ids]


async def point_by_id(ids: list[int]) -> list[GuidePoint | None]:
    found = await repository.points_by_ids(ids)
    return [found.get(i) for i in ids]


async def narrations_by_point_id(ids: list[int]) -> list[dict[str, Narration]]:
    found = await repository.narrations_by_point_ids(ids)
    return [found.get(i, {}) for i in ids]


async def next_point_by_point(points: list[GuidePoint]) -> list[GuidePoint | None]:
    found = await repository.next_points(points)
    return [found[p.id] for p in points]


# keyed by (point id, how many): one read for the batch, of no more ranks than the most asked for
async def nearby_points(keys: list[tuple[int, int]]) -> list[list[tuple[float, GuidePoint]]]:
    found = await repository.neighbour_points([i for i, _ in keys], max(n for _, n in keys))
    return [found[i][:n] for i, n in keys]


async def nearby_resources(keys: list[tuple[int, int]]) -> list[list[tuple[float, Resource]]]:
    found = await repository.neighbour_resources([i for i, _ in keys], max(n for _, n in keys))
    return [found[i][:n] for i, n in keys]


async def resource_by_id(ids: list[int]) -> list[Resource | None]:
    found = await repository.resources_by_ids(ids)
    return [found.get(i) for i in ids]


async def points_of_areas(area_ids: list[int]) -> list[list[GuidePoint]]:
    found = await repository.points_by_area_ids(area_ids)
    return [found[i] for i in area_ids]


async def routes_of_areas(area_ids: list[int]) -> list[list[Route]]:
    found = await repository.routes_by_area_ids(area_ids)
    return [found[i] for i in area_ids]
