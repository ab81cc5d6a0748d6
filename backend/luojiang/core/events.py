"""Fan-out of small events to every gateway instance through Redis pub/sub.

Used for what each instance must hear about: GraphQL subscription events, and "the catalogue
changed, rebuild your search index". Messages are JSON objects; delivery is at-most-once (an
instance that is down misses them and rebuilds from the database when it starts).

Redis pub/sub ignores database numbers: a message published on database 9 reaches subscribers
on every database of the server. Channel names therefore carry the database number, so that
deployments (or parallel test runs) sharing a server by database number do not hear each other.
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
        self._prefix = f"{PREFIX}{int(redis.connection_pool.connection_kwargs.get('db') or 0)}:"

    def channel(self, name: str) -> str:
        """The Redis channel that carries ``name`` on this client's database."""
        return self._prefix + name

    async def publish(self, channel: str, message: dict[str, Any]) -> int:
        """Returns how many subscribers (on this database) received it."""
        received: int = await self._redis.publish(
            self.channel(channel), json.dumps(message, ensure_ascii=False)
        )
        return received

    async def listen(self, *channels: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """Yields ``(channel, message)`` until the caller stops iterating."""
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(*(self.channel(c) for c in channels))
        try:
            async for raw in pubsub.listen():
                if raw.get("type") != "message":
                    continue
                name = raw["channel"].decode() if isinstance(raw["channel"], bytes) else raw["channel"]
                yield name.removeprefix(self._prefix), json.loads(raw["data"])
        finally:
            await pubsub.unsubscribe()
            await pubsub.aclose()  # type: ignore[no-untyped-call]
