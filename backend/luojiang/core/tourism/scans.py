"""Scan statistics: every scan is one Redis increment (the hot path never writes the database);
a job moves the counters into ScanCount, exactly once per batch.

Layout: ``tourism:scans:live`` is a hash ``<day>|<point id>|<channel>`` -> count. A flush renames
it to ``tourism:scans:batch:<uuid>`` (atomic: scans go on landing in a fresh live hash), adds the
batch to the database together with a ScanFlush row naming it, then deletes it. A batch left by
a crashed flush is picked up by the next one, and its ScanFlush row says whether it was applied.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import redis.asyncio as aioredis
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from luojiang.core.errors import DomainError
from luojiang.core.tourism import repository
from luojiang.core.tourism.models import ScanCount, ScanFlush

LIVE = "tourism:scans:live"
BATCH_PREFIX = "tourism:scans:batch:"
SHANGHAI = ZoneInfo("Asia/Shanghai")
CHANNELS = frozenset({"wechat-miniprogram", "alipay-miniprogram", "tianfu-h5", "app", "web"})
MAX_STATISTICS_DAYS = 366


def today(now: dt.datetime | None = None) -> dt.date:
    return (now or dt.datetime.now(dt.UTC)).astimezone(SHANGHAI).date()


async def record_scan(redis: aioredis.Redis, point_id: int, channel: str, day: dt.date | None = None) -> None:
    channel = channel if channel in CHANNELS else "web"
    await redis.hincrby(LIVE, f"{(day or today()).isoformat()}|{point_id}|{channel}", 1)


async def flush_scans(redis: aioredis.Redis) -> int:
    """Move every counter into the database; returns how many scans were added."""
    batch = f"{BATCH_PREFIX}{uuid.uuid4().hex}"
    # no live hash (nothing scanned since the last flush): only leftovers of a crashed flush, if any
    with contextlib.suppress(aioredis.ResponseError):
        await redis.rename(LIVE, batch)
    added = 0
    async for key in redis.scan_iter(match=f"{BATCH_PREFIX}*"):
        name = _text(key)
        added += await _apply_batch(redis, name)
    return added


async def _apply_batch(redis: aioredis.Redis, batch: str) -> int:
    counters = await redis.hgetall(batch)
    added = 0
    async with in_transaction():
        _, fresh = await ScanFlush.get_or_create(batch=batch)
        if fresh:
            for raw_field, raw_count in counters.items():
                added += await _add(_text(raw_field), int(raw_count))
    await redis.delete(batch)
    return added


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


async def _add(field: str, count: int) -> int:
    day, point_id, channel = field.split("|")
    row, created = await ScanCount.get_or_create(
        point_id=int(point_id), channel=channel, day=dt.date.fromisoformat(day), defaults={"count": count}
    )
    if not created:
        await ScanCount.filter(id=row.id).update(count=F("count") + count)
    return count


@dataclass(frozen=True)
class ScanRow:
    day: dt.date
    point_code: str
    point_name: str
    channel: str
    count: int


async def statistics(since: dt.date, until: dt.date, area_code: str | None) -> list[ScanRow]:
    if until < since or (until - since).days >= MAX_STATISTICS_DAYS:
        raise DomainError.one(
            "INVALID_PERIOD",
            f"the period must run forwards and span at most {MAX_STATISTICS_DAYS} days",
            "until",
        )
    area_id = None
    if area_code is not None:
        area = await repository.area_by_code(area_code)
        if area is None:
            raise DomainError.one("NOT_FOUND", "scenic area not found", "area")
        area_id = area.id
    rows = await repository.scan_counts(since, until, area_id)
    return [ScanRow(r.day, p.code, p.name, r.channel, r.count) for r, p in rows]
