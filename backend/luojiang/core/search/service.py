"""Smart search: the in-memory index, popularity and hot searches kept in Redis.

Each instance holds its own index, built from the sources on first use and rebuilt whenever the
catalogue changes (the catalogue service calls :meth:`rebuild` locally and every other instance
hears the change through the broadcaster). Building takes a second or more of CPU, so it runs in
a worker thread and the instance keeps answering from the index it had. Popularity (views) and
hot searches live in Redis sorted sets, shared by all instances.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from typing import Any

import redis.asyncio as aioredis

from luojiang.core.errors import DomainError, NotFound
from luojiang.core.search.hot import HotSearches
from luojiang.core.search.index import SearchIndex, popularity_key
from luojiang.core.search.lexicon import Lexicon
from luojiang.core.search.ports import SearchObserver, SearchSource
from luojiang.core.search.results import SearchHit, SearchResults

POPULARITY_KEY = "search:popularity"
MAX_QUERY = 64
MAX_RESULTS = 50
HOT_MIN_PEOPLE = 5


class SearchService:
    def __init__(
        self,
        redis: aioredis.Redis,
        sources: Sequence[SearchSource],
        lexicon: Lexicon | None = None,
        hot_min_people: int = HOT_MIN_PEOPLE,
    ) -> None:
        self._redis = redis
        self._sources = sources
        self._lexicon = lexicon or Lexicon.bundled()
        self._index: SearchIndex | None = None
        self._building = asyncio.Lock()  # one build at a time: the segmenter's dictionary is shared
        self._first = asyncio.Lock()
        self._observers: list[SearchObserver] = []
        self._hot = HotSearches(redis, hot_min_people)

    def add_observer(self, observer: SearchObserver) -> None:
        self._observers.append(observer)

    async def rebuild(self) -> None:
        documents = [d for source in self._sources for d in await source.documents()]
        rows: Any = await self._redis.zrange(POPULARITY_KEY, 0, -1, withscores=True)
        popularity = {key.decode(): score for key, score in rows}
        async with self._building:
            self._index = await asyncio.to_thread(SearchIndex, documents, self._lexicon, popularity)

    async def index(self) -> SearchIndex:
        if self._index is None:
            async with self._first:
                if self._index is None:
                    await self.rebuild()
        assert self._index is not None  # noqa: S101 -- set just above
        return self._index

    async def search(
        self,
        query: str,
        limit: int,
        kinds: Collection[str] | None = None,
        viewer_id: int | None = None,
        searcher: str | None = None,
    ) -> SearchResults:
        """``searcher``: who asks, as an opaque key (hot searches count distinct people)."""
        _check(query, limit)
        index = await self.index()
        results = index.search(query, limit, kinds)
        if results.hits:
            await self._hot.count(results.public, searcher)
            if viewer_id is not None:
                for observer in self._observers:
                    await observer.searched(viewer_id, results.hits)
        return results

    async def suggest(self, typed: str, limit: int) -> list[SearchHit]:
        _check(typed, limit)
        return (await self.index()).suggest(typed, limit)

    async def hot(self, limit: int) -> list[tuple[str, int]]:
        _check("-", limit)
        index = await self.index()
        return await self._hot.top(limit, lambda q: index.publishable(q) is not None)

    async def record_view(self, kind: str, code: str, viewer_id: int | None = None) -> None:
        index = await self.index()
        if not index.has(kind, code):  # counting anything would let anyone fill Redis
            raise NotFound(kind, "code")
        score: Any = await self._redis.zincrby(POPULARITY_KEY, 1, popularity_key(kind, code))
        index.set_popularity(kind, code, float(score))
        if viewer_id is not None:
            for observer in self._observers:
                await observer.viewed(viewer_id, kind, code)


def searcher_key(viewer_id: int | None, client_ip: str) -> str:
    """Who searched, for counting distinct people: the account when signed in, else the address."""
    return f"person:{viewer_id}" if viewer_id is not None else f"client:{client_ip}"


def _check(query: str, limit: int) -> None:
    if not query.strip() or len(query) > MAX_QUERY:
        raise DomainError.one("INVALID_QUERY", f"the query must be 1 to {MAX_QUERY} characters", "query")
    if not 1 <= limit <= MAX_RESULTS:
        raise DomainError.one("INVALID_PAGE_SIZE", f"first must be between 1 and {MAX_RESULTS}", "first")
