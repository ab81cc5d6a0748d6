"""Tourism jobs: async functions taking IDs, safe to run twice. ``registry.JOBS`` registers the
``*_job`` entry points; the engine retries an :class:`UpstreamUnavailable` with backoff."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.core.storage.ports import Storage
from luojiang.core.tourism import qr_images, repository, scans
from luojiang.core.tourism.ports import CodeMaker, UpstreamUnavailable
from luojiang.workers.resources import Resources


@dataclass(frozen=True)
class TourismDeps:
    """What the tourism jobs use, built by the application's wiring."""

    redis: aioredis.Redis
    storage: Storage
    code_makers: Mapping[str, CodeMaker]
    public_base_url: str


async def flush_guide_scans(redis: aioredis.Redis) -> int:
    """Every few minutes: move the Redis scan counters into the statistics table."""
    return await scans.flush_scans(redis)


async def generate_guide_code(deps: TourismDeps, point_id: int, kind: str) -> str:
    """One point's code of one kind; returns its status (ready, failed) or "gone"."""
    row = await qr_images.generate_code(point_id, kind, deps.code_makers, deps.storage, deps.public_base_url)
    return row.status if row else "gone"


async def generate_area_codes(deps: TourismDeps, area_id: int, kind: str) -> dict[str, str]:
    """Every point of an area, one after the other; a point whose platform is unavailable does not
    stop the rest, and is raised at the end so that the engine retries the area (ready codes are
    kept, so a retry only redoes the failed ones)."""
    results: dict[str, str] = {}
    unavailable: UpstreamUnavailable | None = None
    for point in await repository.points_of_area(area_id):
        try:
            results[point.code] = await generate_guide_code(deps, point.id, kind)
        except UpstreamUnavailable as error:
            results[point.code], unavailable = "failed", error
    if unavailable is not None:
        raise unavailable
    return results


# the job engine's entry points (registry.JOBS): IDs in, the process's resources


async def flush_scans_job(resources: Resources) -> int:
    return await flush_guide_scans(resources.redis)


async def generate_guide_code_job(resources: Resources, point_id: int, kind: str) -> str:
    return await generate_guide_code(resources.tourism_deps(), point_id, kind)


async def generate_area_codes_job(resources: Resources, area_id: int, kind: str) -> dict[str, str]:
    return await generate_area_codes(resources.tourism_deps(), area_id, kind)
