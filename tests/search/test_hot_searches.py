"""Hot searches through the search service: many distinct people, never personal data."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis
from starlette.applications import Starlette

from luojiang.app.navigation_wiring import search_sources
from luojiang.core.search.hot import PEOPLE_PREFIX
from luojiang.core.search.service import SearchService, searcher_key

PREFIX = "search:hot"


@pytest.fixture
async def service(app: Starlette) -> AsyncIterator[SearchService]:
    redis: aioredis.Redis = app.state.services.redis
    await _forget(redis)
    search = SearchService(redis, search_sources(), hot_min_people=3)
    yield search
    await _forget(redis)


async def _forget(redis: aioredis.Redis) -> None:
    keys = [k async for k in redis.scan_iter(match=f"{PREFIX}*")]
    if keys:
        await redis.delete(*keys)


async def test_a_query_is_published_once_enough_distinct_people_searched_it(service: SearchService) -> None:
    for _ in range(5):
        await service.search("高龄津贴", 5, searcher=searcher_key(7, "10.0.0.1"))
    await service.search("高齡津貼", 5, searcher=searcher_key(None, "10.0.0.2"))
    assert await service.hot(10) == []  # six searches, two people
    await service.search("高龄津贴", 5, searcher=searcher_key(None, "10.0.0.3"))
    assert await service.hot(10) == [("高龄津贴", 7)]


async def test_a_typo_is_published_as_corrected(service: SearchService) -> None:
    for n in range(3):
        await service.search("结昏登记", 5, searcher=searcher_key(n, "-"))
    assert await service.hot(10) == [("结婚登记", 3)]


async def test_personal_data_never_reaches_redis_or_the_list(app: Starlette, service: SearchService) -> None:
    redis: aioredis.Redis = app.state.services.redis
    for n in range(10):
        for query in ("身份证 13912345678 张三", "张三 结婚登记", "社保卡 510604199001011234"):
            found = await service.search(query, 5, searcher=searcher_key(n, "-"))
            assert found.hits  # the search itself still helps
    assert await service.hot(10) == []
    stored = [k.decode() async for k in redis.scan_iter(match=f"{PREFIX}*")]
    members = [m.decode() for m in await redis.zrange(f"{PREFIX}:tally", 0, -1)]
    for secret in ("13912345678", "510604199001011234", "张三"):
        assert not any(secret in entry for entry in (*stored, *members))
    assert not [k for k in stored if k.startswith(PEOPLE_PREFIX)]


async def test_a_query_that_finds_nothing_is_not_counted(service: SearchService) -> None:
    for n in range(5):
        await service.search("qqqqxxxx", 5, searcher=searcher_key(n, "-"))
    assert await service.hot(10) == []
