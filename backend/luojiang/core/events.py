"""Fan-out of small events to every gateway instance through Redis pub/sub.

Used for what each instance must hear about: GraphQL subscription events, and "the catalogue
changed, rebuild your search index". Messages are JSON objects; delivery is at-most-once (an
instance that is down misses them and rebuilds from the database when it starts).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as aioredis

PREFIX = "events:"


class Broadcaster:
    def __init__(self, redis: aioredis.Redis) -> None:
        self._redis = redis

    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        await self._redis.publish(PREFIX + channel, json.dumps(message, ensure_ascii=False))

    async def listen(self, *channels: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """Yields ``(channel, message)`` until the caller stops iterating."""
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(*(PREFIX + c for c in channels))
        try:
            async for raw in pubsub.listen():
                if raw.get("type") != "message":
                    continue
                name = raw["channel"].decode() if isinstance(raw["channel"], bytes) else raw["channel"]
                yield name.removeprefix(PREFIX), json.loads(raw["data"])
        finally:
            await pubsub.unsubscribe()
            await pubsub.aclose()  # type: ignore[no-untyped-call]
