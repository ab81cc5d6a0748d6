"""Events fan out to the instances on one Redis database, and only to them: Redis pub/sub itself
ignores database numbers, so deployments or test runs sharing a server would hear each other."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from redis.asyncio import Redis
from tests.support.stores import throwaway_redis_url
from tests.support.waiting import GUARD, until

from luojiang.core.events import Broadcaster

pytestmark = pytest.mark.redis


async def test_an_event_reaches_subscribers_on_its_own_database_only() -> None:
    url = throwaway_redis_url()
    assert url is not None
    ours = Redis.from_url(url)
    db = int(ours.connection_pool.connection_kwargs["db"])
    other = Redis.from_url(url.rsplit("/", 1)[0] + f"/{db % 15 + 1}")
    channel = f"test.isolation.{uuid.uuid4().hex[:8]}"
    try:
        heard = [asyncio.create_task(_first(Broadcaster(r), channel)) for r in (ours, other)]
        for redis in (ours, other):
            await until(lambda redis=redis: _subscribed(redis, channel))  # type: ignore[misc]

        received = await Broadcaster(ours).publish(channel, {"n": 1})
        ours_heard = await asyncio.wait_for(heard[0], GUARD)
        await Broadcaster(other).publish(channel, {"n": 2})  # lets the other listener end too
        other_heard = await asyncio.wait_for(heard[1], GUARD)
    finally:
        await ours.aclose()
        await other.aclose()

    assert received == 1
    assert ours_heard == (channel, {"n": 1})
    assert other_heard == (channel, {"n": 2})


async def _first(broadcaster: Broadcaster, channel: str) -> tuple[str, dict[str, Any]]:
    async for event in broadcaster.listen(channel):
        return event
    raise AssertionError("the subscription ended")


async def _subscribed(redis: Redis, channel: str) -> bool:
    counts: list[tuple[bytes, int]] = await redis.pubsub_numsub(Broadcaster(redis).channel(channel))
    return counts[0][1] > 0
