"""Administrators' scan statistics: what the flush job has put in the database, plus what is still
in Redis (today's scans, and any batch a flush has renamed but not yet applied or deleted).

A scan is in Redis, or in the database, or, between a flush's commit and its delete, in both. The
reader takes Redis at one instant (``scans.unflushed``: counters by the batch they are flushed as),
then reads the counts together with which of those batches the database holds, and adds a Redis
batch only when the database does not. A flush that commits between the two database reads makes
them disagree; then they are read again (a flush commits once every few minutes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.core.errors import DomainError
from luojiang.core.tourism import repository, scans
from luojiang.core.tourism.scans import Counters

MAX_STATISTICS_DAYS = 366
MAX_READS = 5


@dataclass(frozen=True)
class ScanRow:
    day: dt.date
    point_code: str
    point_name: str
    channel: str
    count: int


async def statistics(
    redis: aioredis.Redis, since: dt.date, until: dt.date, area_code: str | None
) -> list[ScanRow]:
    if until < since or (until - since).days >= MAX_STATISTICS_DAYS:
        raise DomainError.one(
            "INVALID_PERIOD",
            f"the period must run forwards and span at most {MAX_STATISTICS_DAYS} days",
            "until",
        )
    area_id = await _area_id(area_code)
    pending = await scans.unflushed(redis)
    totals, applied = await _flushed(since, until, area_id, sorted(pending))
    for batch, counters in pending.items():
        if batch not in applied:
            for (day, point_id, channel), count in counters.items():
                if since <= day <= until:
                    totals[(day, point_id, channel)] = totals.get((day, point_id, channel), 0) + count
    points = await repository.points_by_ids(sorted({p for _, p, _ in totals}), include_retired=True)
    return [
        ScanRow(day, points[point_id].code, points[point_id].name, channel, count)
        for (day, point_id, channel), count in sorted(totals.items())
        if point_id in points and area_id in (None, points[point_id].area_id)
    ]


async def _area_id(area_code: str | None) -> int | None:
    if area_code is None:
        return None
    area = await repository.area_by_code(area_code, include_retired=True)
    if area is None:
        raise DomainError.one("NOT_FOUND", "scenic area not found", "area")
    return area.id


async def _flushed(
    since: dt.date, until: dt.date, area_id: int | None, batches: Sequence[str]
) -> tuple[Counters, set[str]]:
    """The database's counts, and which of ``batches`` they include."""
    for _ in range(MAX_READS):
        applied = await repository.applied_scan_batches(batches)
        rows = await repository.scan_counts(since, until, area_id)
        if await repository.applied_scan_batches(batches) == applied:
            return {(r.day, r.point_id, r.channel): r.count for r in rows}, applied
    raise RuntimeError(f"scan batches kept being flushed during {MAX_READS} reads of the statistics")
