"""Hot searches: a public list, so nothing personal may reach it.

A query is counted only when the index finds something for it and says it is publishable: made
of the catalogue's own words (titles, names, keywords, the everyday dictionary) and stopwords,
with no digit at all. A phone or ID number, a name, an address typed into the search box never
qualifies, and is never even written to Redis. A qualifying query is published once it has been
searched by ``min_people`` distinct people (signed-in persons by account, others by address),
counted in a HyperLogLog per query, which keeps no identifier; until then it stays in a private
tally. Reading the list checks every entry again, so a query that stops being catalogue content
(a renamed matter) drops out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import redis.asyncio as aioredis

PUBLISHED_KEY = "search:hot:published"
TALLY_KEY = "search:hot:tally"
PEOPLE_PREFIX = "search:hot:people:"
PEOPLE_TTL_SECONDS = 30 * 24 * 3600
TALLY_SIZE = 10_000  # the private tally keeps its most searched queries only
READ_SPARE = 2  # entries read per one returned, for those that no longer qualify


class HotSearches:
    def __init__(self, redis: aioredis.Redis, min_people: int) -> None:
        self._redis = redis
        self._min_people = min_people

    async def count(self, publishable: str | None, searcher: str | None) -> None:
        """One search of ``publishable`` (the index's verdict: None for anything that may not be
        published) by ``searcher`` (an opaque key of the person or client)."""
        if publishable is None or searcher is None:
            return
        people = PEOPLE_PREFIX + publishable
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.pfadd(people, searcher)
            pipe.expire(people, PEOPLE_TTL_SECONDS)
            pipe.zincrby(TALLY_KEY, 1, publishable)
            pipe.pfcount(people)
            pipe.zremrangebyrank(TALLY_KEY, 0, -TALLY_SIZE - 1)
            _, _, searches, distinct, _ = await pipe.execute()
        if distinct >= self._min_people:
            await self._redis.zadd(PUBLISHED_KEY, {publishable: searches})

    async def top(self, limit: int, still_publishable: Callable[[str], bool]) -> list[tuple[str, int]]:
        rows: Any = await self._redis.zrevrange(PUBLISHED_KEY, 0, limit * READ_SPARE - 1, withscores=True)
        found = [(q.decode(), int(score)) for q, score in rows]
        return [(q, n) for q, n in found if still_publishable(q)][:limit]
