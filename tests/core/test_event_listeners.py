"""Every listener of a Redis client shares one pub/sub connection, so subscribers cannot take the
client's connection pool (a hundred connections) from everything else."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from tests.support.waiting import GUARD, until

from luojiang.core.cache import MAX_CONNECTIONS, create_redis
from luojiang.core.events import Broadcaster
from luojiang.core.settings import Settings


async def test_more_listeners_than_the_pool_has_connections_all_hear_an_event(settings: Settings) -> None:
    redis = create_redis(settings)
    broadcaster = Broadcaster(redis)
    channel = f"test.many.{uuid.uuid4().hex[:8]}"
    listeners = MAX_CONNECTIONS + 50

    async def first() -> tuple[str, dict[str, Any]]:
        async for event in broadcaster.listen(channel):
            return event
        raise AssertionError("the subscription ended")

    try:
        heard = [asyncio.create_task(first()) for _ in range(listeners)]
        await until(lambda: _is(broadcaster.listening(channel), listeners))
        assert await redis.ping()  # the pool still serves commands
        received = await broadcaster.publish(channel, {"n": 1})
        events = await asyncio.wait_for(asyncio.gather(*heard), GUARD)
        counts: list[tuple[bytes, int]] = await redis.pubsub_numsub(broadcaster.channel(channel))
    finally:
        await redis.aclose()

    assert received == 1  # one Redis subscriber: this process
    assert counts[0][1] in (0, 1)  # gone once the last listener left, else the shared one
    assert events == [(channel, {"n": 1})] * listeners


async def _is(value: int, expected: int) -> bool:
    return value == expected
