"""The shared response cache: public queries are served from Redis, byte for byte, until a tag
they read is invalidated; the key respects channel and locale; private or failed responses are
never shared."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from tests.support.gateway import Gateway, gateway, persisted

from luojiang.api.context import Channel, Context
from luojiang.api.protection.response_cache import ResponseCache
from luojiang.core import cache_tags
from luojiang.core.catalogue.models import Department
from luojiang.core.settings import Settings

DEPARTMENTS = "query Names { departments(first: 3) { nodes { code name } } }"


@pytest.fixture
async def gw(settings: Settings, app: object) -> AsyncIterator[Gateway]:
    async with gateway(settings) as built:
        yield built


def _locale() -> str:  # a locale of its own per test: the server pass shares one Redis database
    return f"zh-CN-x-{uuid.uuid4().hex[:8]}"


async def test_a_hit_returns_the_same_bytes_without_running_the_query(gw: Gateway) -> None:
    locale = _locale()
    first = await gw.post(
        {"query": DEPARTMENTS, "extensions": persisted(DEPARTMENTS)}, **{"accept-language": locale}
    )
    second = await gw.get(extensions=persisted(DEPARTMENTS), headers={"accept-language": locale})
    assert first.headers["x-cache"] == "miss"
    assert second.headers["x-cache"] == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]


async def test_invalidating_a_tag_retires_the_responses_that_read_it(gw: Gateway) -> None:
    locale = {"accept-language": _locale()}
    before = (await gw.post({"query": DEPARTMENTS}, **locale)).json()
    code = before["data"]["departments"]["nodes"][0]["code"]
    old_name = before["data"]["departments"]["nodes"][0]["name"]
    try:
        await Department.filter(code=code).update(name="改名后的部门")
        stale = await gw.post({"query": DEPARTMENTS}, **locale)
        await cache_tags.invalidate(gw.redis, "catalogue")
        fresh = await gw.post({"query": DEPARTMENTS}, **locale)
    finally:
        await Department.filter(code=code).update(name=old_name)
        await cache_tags.invalidate(gw.redis, "catalogue")
    assert stale.headers["x-cache"] == "hit"
    assert stale.json() == before
    assert fresh.headers["x-cache"] == "miss"
    assert fresh.json()["data"]["departments"]["nodes"][0]["name"] == "改名后的部门"


async def test_channel_and_locale_are_part_of_the_key(gw: Gateway) -> None:
    zh, en = _locale(), f"en-x-{uuid.uuid4().hex[:8]}"

    async def cache(channel: str, locale: str) -> str:
        response = await gw.post(
            {"query": DEPARTMENTS}, **{"x-client-channel": channel, "accept-language": locale}
        )
        return response.headers["x-cache"]

    assert await cache("wechat-miniprogram", zh) == "miss"
    assert await cache("alipay-miniprogram", zh) == "miss"
    assert await cache("wechat-miniprogram", en) == "miss"
    assert await cache("wechat-miniprogram", zh) == "hit"
    assert await cache("alipay-miniprogram", zh) == "hit"


async def test_failed_untagged_and_signed_in_responses_are_not_shared(gw: Gateway) -> None:
    locale = {"accept-language": _locale()}
    failed = "{ departments(first: 0) { nodes { code } } }"
    assert [(await gw.post({"query": failed}, **locale)).headers["x-cache"] for _ in range(2)] == [
        "pass",
        "pass",
    ]
    assert (await gw.post({"query": "{ __typename }"}, **locale)).headers["x-cache"] == "pass"
    signed_in = await gw.post({"query": DEPARTMENTS}, **locale, **{"x-test-person": "7"})
    assert "x-cache" not in signed_in.headers
    assert (await gw.post({"query": DEPARTMENTS}, **locale)).headers["x-cache"] == "miss"


async def test_a_tag_bumped_while_the_query_ran_prevents_storing(gw: Gateway, settings: Settings) -> None:
    cache = ResponseCache(gw.redis, ttl_seconds=60, schema_sdl="type Query { a: Int }")
    context = Context(services=None, request_id="r", channel=Channel.WEB, locale="zh-CN", client_ip="-")  # type: ignore[arg-type]
    context.cache_tags.add("catalogue")
    context.operation_type = "query"
    seconds, micros = await gw.redis.time()
    started = seconds * 1_000_000 + micros
    await cache_tags.invalidate(gw.redis, "catalogue")
    key = cache.key("0" * 64, None, {}, context)
    assert await cache.store(key, b"{}", context, started_us=started, changes=0, failed=False) is False
    assert await gw.redis.exists(key) == 0
    seconds, micros = await gw.redis.time()
    assert await cache.store(
        key, b"{}", context, started_us=seconds * 1_000_000 + micros, changes=0, failed=False
    )
    assert await gw.redis.hget(key, "body") == b"{}"
