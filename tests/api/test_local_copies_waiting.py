"""A copy whose tag readings are only too old (a busy event loop made the reads late) is served
after the next reading confirms it, one reading shared by every request that waits, instead of
each request calling Redis; a reading that shows a change, or fails, still retires it."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from tests.support.clock import ManualClock
from tests.support.gateway import instances

from luojiang.api.protection.local_cache import LocalResponses, TagMirror
from luojiang.core import cache_tags
from luojiang.core.settings import Settings


class CountedReads:
    """The Redis client, with the mirror's reads counted (and made to fail on demand)."""

    def __init__(self, redis: Any, clock: ManualClock | None = None, round_trip: float = 0.0) -> None:
        self.redis = redis
        self.reads = 0
        self.down = False
        self.clock, self.round_trip = clock, round_trip  # how far the clock moves meanwhile

    async def mget(self, keys: list[str]) -> list[Any]:
        self.reads += 1
        await asyncio.sleep(0.01)  # a round trip, so that requests arrive while it is under way
        if self.clock is not None:
            self.clock.now += self.round_trip
        if self.down:
            raise RedisConnectionError("Redis is down")
        return list(await self.redis.mget(keys))


async def _copies(redis: Any, tag: str, clock: ManualClock) -> LocalResponses:
    await redis.redis.set(cache_tags.tag_key(tag), 5)
    copies = LocalResponses(TagMirror(redis, lag_seconds=0.05, clock=clock), max_bytes=1000)
    copies.keep("k", b"body", f"{tag}=5", cache_tags.local_changes(), ttl_ms=60_000, asked_at=clock())
    clock.now += 0.05  # the readings are now too old to serve the copy on their own
    return copies


async def test_requests_that_find_the_readings_too_old_share_one_reading_and_are_served(
    settings: Settings, app: object
) -> None:
    async with instances(settings, 1) as (gw,):
        redis, clock = CountedReads(gw.redis), ManualClock()
        copies = await _copies(redis, f"t{uuid.uuid4().hex[:8]}", clock)
        assert copies.get("k") is None

        served = await asyncio.gather(*(copies.get_after_reading("k") for _ in range(8)))

        assert (served, redis.reads) == ([b"body"] * 8, 1)


async def test_a_reading_asked_when_the_request_arrived_serves_it_however_slow_the_reply(
    settings: Settings, app: object
) -> None:
    """As fresh as a Redis round trip of its own: the copy was confirmed current when the request
    arrived (a busy event loop delays the reply, not the data)."""
    async with instances(settings, 1) as (gw,):
        clock = ManualClock()
        redis = CountedReads(gw.redis, clock, round_trip=0.2)  # four lags pass before the reply
        copies = await _copies(redis, f"t{uuid.uuid4().hex[:8]}", clock)

        assert await copies.get_after_reading("k") == b"body"
        assert copies.get("k") is None  # a later request, though, needs a reading of its own


async def test_a_reading_that_shows_another_instances_change_retires_the_copy(
    settings: Settings, app: object
) -> None:
    async with instances(settings, 1) as (gw,):
        redis, clock, tag = CountedReads(gw.redis), ManualClock(), f"t{uuid.uuid4().hex[:8]}"
        copies = await _copies(redis, tag, clock)
        await gw.redis.set(cache_tags.tag_key(tag), 6)  # another process's invalidate()

        assert await copies.get_after_reading("k") is None


async def test_when_redis_does_not_answer_the_reading_the_copy_is_not_served(
    settings: Settings, app: object
) -> None:
    async with instances(settings, 1) as (gw,):
        redis, clock = CountedReads(gw.redis), ManualClock()
        copies = await _copies(redis, f"t{uuid.uuid4().hex[:8]}", clock)
        redis.down = True

        assert await copies.get_after_reading("k") is None
        assert redis.reads == 1
