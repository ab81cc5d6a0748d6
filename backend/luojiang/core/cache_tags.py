"""Invalidation of the shared response cache by tag.

Stand-in until the response cache lands: each tag has a version counter in Redis; a cached entry
remembers the versions of its tags when stored and is stale once any of them has moved on.
"""

from __future__ import annotations

import redis.asyncio as aioredis

PREFIX = "cache:tag:"


async def invalidate(redis: aioredis.Redis, *tags: str) -> None:
    if not tags:
        return
    async with redis.pipeline(transaction=False) as pipe:
        for tag in tags:
            pipe.incr(PREFIX + tag)
        await pipe.execute()
