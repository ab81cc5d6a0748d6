"""The Redis client: a real server when ``REDIS_URL`` is set, otherwise an in-process store.

Both are ``redis.asyncio.Redis`` objects, so cache, rate limits, pub/sub and the job queue are
written once against one interface. The in-process store (fakeredis, with Lua through lupa) keeps
`make run` free of servers; it is single-process, which settings refuse in production.
"""

from __future__ import annotations

import redis.asyncio as aioredis

from luojiang.core.settings import Settings


def create_redis(settings: Settings) -> aioredis.Redis:
    if settings.redis_url:
        return aioredis.Redis.from_url(settings.redis_url, health_check_interval=30)
    import fakeredis

    client: aioredis.Redis = fakeredis.FakeAsyncRedis(server=fakeredis.FakeServer())
    return client
