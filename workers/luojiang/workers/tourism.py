"""Tourism jobs: plain async functions taking IDs, safe to run twice.

Until the job engine is on main, ``JOBS`` names them and :func:`run_with_retries` gives the
backoff the engine will give; the engine registers the same functions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import redis.asyncio as aioredis

from luojiang.core.storage.ports import Storage
from luojiang.core.tourism import codegen, repository, scans
from luojiang.core.tourism.ports import CodeMaker, UpstreamUnavailable

T = TypeVar("T")


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
    row = await codegen.generate_code(point_id, kind, deps.code_makers, deps.storage, deps.public_base_url)
    return row.status if row else "gone"


async def generate_area_codes(deps: TourismDeps, area_id: int, kind: str) -> dict[str, str]:
    """Every point of an area; each point retried on its own, so one failure does not stop the rest."""
    results = {}
    for point in await repository.points_of_area(area_id):
        results[point.code] = await _with_retries(deps, point.id, kind)
    return results


async def _with_retries(deps: TourismDeps, point_id: int, kind: str) -> str:
    async def once() -> str:
        return await generate_guide_code(deps, point_id, kind)

    try:
        return await run_with_retries(once)
    except UpstreamUnavailable:
        return "failed"


async def run_with_retries(
    job: Callable[[], Awaitable[T]],
    attempts: int = 5,
    first_delay_s: float = 1.0,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> T:
    """Exponential backoff on retryable upstream failures; the last failure is raised."""
    for attempt in range(attempts):
        try:
            return await job()
        except UpstreamUnavailable:
            if attempt == attempts - 1:
                raise
            await sleep(first_delay_s * 2**attempt)
    raise AssertionError("unreachable: the loop returns or raises")


JOBS: dict[str, Callable[..., Awaitable[Any]]] = {
    "tourism.flush_guide_scans": flush_guide_scans,
    "tourism.generate_guide_code": generate_guide_code,
    "tourism.generate_area_codes": generate_area_codes,
}
