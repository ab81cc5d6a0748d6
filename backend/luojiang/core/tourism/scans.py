"""Scan counting: the scans of concurrent requests are counted with one round trip to Redis per
batch (:class:`ScanCounter`; the hot path never writes the database); a job moves the counters into
ScanCount, exactly once per batch.

Layout: ``tourism:scans:live`` is a hash ``<day>|<point id>|<channel>`` -> count. A flush renames
it, in one script, to the batch name already chosen for it (``tourism:scans:live-batch``), lists
that batch in ``tourism:scans:pending`` and chooses the next name; then it adds each pending batch
to the database together with a ScanFlush row naming it, and only then deletes the batch and
unlists it. A batch left by a crashed flush is picked up by the next one, and its ScanFlush row
says whether it was applied. Because the live hash's batch name is known before the rename, a
reader can tell, for anything it saw in Redis, whether the database already holds it
(``scan_statistics``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import redis.asyncio as aioredis

from luojiang.core.batches import Batches
from luojiang.core.tourism import repository

LIVE = "tourism:scans:live"
LIVE_BATCH = "tourism:scans:live-batch"
PENDING = "tourism:scans:pending"
BATCH_PREFIX = "tourism:scans:batch:"
SHANGHAI = ZoneInfo("Asia/Shanghai")
CHANNELS = frozenset({"wechat-miniprogram", "alipay-miniprogram", "tianfu-h5", "app", "web"})
Counters = dict[tuple[dt.date, int, str], int]

# KEYS: live, live-batch, pending; ARGV: a name for the live hash if none is chosen yet, the next one
_ROTATE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local batch = redis.call('GET', KEYS[2]) or ARGV[1]
redis.call('RENAME', KEYS[1], batch)
redis.call('SADD', KEYS[3], batch)
redis.call('SET', KEYS[2], ARGV[2])
return batch
"""
# KEYS: live, live-batch, pending; ARGV: a name for the live hash if none is chosen yet.
# Returns {live hash's batch name, its counters, then each pending batch's name and counters}.
_SNAPSHOT = """
local name = redis.call('GET', KEYS[2])
if not name then
  name = ARGV[1]
  redis.call('SET', KEYS[2], name)
end
local out = {name, redis.call('HGETALL', KEYS[1])}
for _, batch in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  table.insert(out, batch)
  table.insert(out, redis.call('HGETALL', batch))
end
return out
"""


def today(now: dt.datetime | None = None) -> dt.date:
    return (now or dt.datetime.now(dt.UTC)).astimezone(SHANGHAI).date()


class ScanCounter:
    """Each scan is in Redis before its caller goes on (a page counted is a count readable), but the
    scans that come at the same moment share one HINCRBY per counter (:mod:`luojiang.core.batches`)."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self._redis = redis
        self._batches: Batches[str, None] = Batches(self._add)

    async def count(self, point_id: int, channel: str, day: dt.date | None = None) -> None:
        channel = channel if channel in CHANNELS else "web"
        await self._batches.submit(f"{(day or today()).isoformat()}|{point_id}|{channel}")

    async def _add(self, counters: Sequence[str]) -> list[None]:
        async with self._redis.pipeline(transaction=False) as increments:
            for counter, scans in Counter(counters).items():
                increments.hincrby(LIVE, counter, scans)
            await increments.execute()
        return [None] * len(counters)


async def flush_scans(redis: aioredis.Redis) -> int:
    """Move every counter into the database; returns how many scans were added."""
    await redis.eval(_ROTATE, 3, LIVE, LIVE_BATCH, PENDING, _new_batch(), _new_batch())
    added = 0
    for name in await redis.smembers(PENDING):
        added += await _apply_batch(redis, _text(name))
    return added


async def unflushed(redis: aioredis.Redis) -> dict[str, Counters]:
    """Every counter still in Redis, by the batch it is (or, for the live hash, will be) flushed as;
    read at one instant, so each scan is in exactly one batch."""
    reply: Any = await redis.eval(_SNAPSHOT, 3, LIVE, LIVE_BATCH, PENDING, _new_batch())
    return {_text(name): _counters(_pairs(flat)) for name, flat in _pairs(reply)}


def _new_batch() -> str:
    return f"{BATCH_PREFIX}{uuid.uuid4().hex}"


def _pairs(flat: list[Any]) -> Iterable[tuple[Any, Any]]:
    """What a script returns as HGETALL does: key, value, key, value..."""
    return zip(flat[::2], flat[1::2], strict=True)


def _counters(pairs: Iterable[tuple[bytes | str, bytes | str]]) -> Counters:
    counters: Counters = {}
    for field, count in pairs:
        day, point_id, channel = _text(field).split("|")
        counters[(dt.date.fromisoformat(day), int(point_id), channel)] = int(count)
    return counters


async def _apply_batch(redis: aioredis.Redis, batch: str) -> int:
    counters = _counters((await redis.hgetall(batch)).items())
    added = await repository.add_scan_batch(batch, counters.items())
    async with redis.pipeline(transaction=True) as done:
        done.delete(batch)
        done.srem(PENDING, batch)
        await done.execute()
    return added


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
