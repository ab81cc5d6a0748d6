"""The Redis client: a real server when ``REDIS_URL`` is set, otherwise an in-process store.

Both are ``redis.asyncio.Redis`` objects, so cache, rate limits, pub/sub and the job queue are
written once against one interface. The in-process store (fakeredis, with Lua through lupa) keeps
`make run` free of servers; it is single-process, which settings refuse in production.
"""

from __future__ import annotations

import redis.asyncio as aioredis

from luojiang.core.settings import Settings

# redis-py's default pool raises MaxConnectionsError past 100 connections; a blocking pool makes a
# burst (e.g. 200 concurrent payment notifications) wait for a free connection instead of failing
MAX_CONNECTIONS = 100
POOL_TIMEOUT_SECONDS = 5
# A Redis that accepts connections and never answers must not hold a request forever (/readyz has a
# shorter bound of its own). Longer than any blocking read we make (the job stream blocks 1 s,
# pub/sub polls every 1 s), and than a busy event loop's delays: 200 concurrent payment
# notifications on a loaded 2-core machine outlasted a 2 s connect timeout
CONNECT_TIMEOUT_SECONDS = 10
READ_TIMEOUT_SECONDS = 10


def create_redis(settings: Settings) -> aioredis.Redis:
    if settings.redis_url:
        pool = aioredis.BlockingConnectionPool.from_url(
            settings.redis_url,
            max_connections=MAX_CONNECTIONS,
            timeout=POOL_TIMEOUT_SECONDS,
            health_check_interval=30,
            socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
            socket_timeout=READ_TIMEOUT_SECONDS,
        )
        return aioredis.Redis.from_pool(pool)  # the client owns the pool: aclose() closes both
    import fakeredis

    client: aioredis.Redis = fakeredis.FakeAsyncRedis(
        server=fakeredis.FakeServer(),
        connection_pool_class=aioredis.BlockingConnectionPool,
        max_connections=MAX_CONNECTIONS,
    )
    return client
