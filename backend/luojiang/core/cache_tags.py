"""Invalidation of cached public responses by tag (stand-in until the protection area's version
lands on main: same name, same signature). A tag's version is bumped; cached entries recorded
under an older version are stale."""

from __future__ import annotations

import redis.asyncio as aioredis

PREFIX = "cache:tag:"


async def invalidate(redis: aioredis.Redis, *tags: str) -> None:
    if tags:
        async with redis.pipeline(transaction=False) as pipe:
            for tag in tags:
                pipe.incr(PREFIX + tag)
            await pipe.execute()
