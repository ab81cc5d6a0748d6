"""A public GET's document and cache key are remembered by query string, channel and locale (a
bounded number of them): the same string from another channel, another locale or a signed-in
caller is never answered from that memory, and what is remembered is the question, not the answer."""

from __future__ import annotations

import uuid

from tests.support.gateway import gateway, persisted

from luojiang.api.context import Channel
from luojiang.api.schema import build_schema
from luojiang.api.transport.http import REMEMBERED_GETS, GraphQLHTTP
from luojiang.app.container import build_services
from luojiang.core.settings import Settings

NAMES = "query RememberedNames { departments(first: 2) { nodes { code name } } }"


async def test_the_same_query_string_is_its_own_entry_per_channel_locale_and_viewer(
    settings: Settings, app: object
) -> None:
    locale = f"zh-CN-x-{uuid.uuid4().hex[:8]}"  # the server pass shares one Redis database

    async def cache(**headers: str) -> str | None:
        response = await gw.get(query=NAMES, headers={"accept-language": locale, **headers})
        assert response.status_code == 200
        return response.headers.get("x-cache")

    async with gateway(settings) as gw:
        assert await cache() == "miss"
        assert await cache() == "hit"
        assert await cache(**{"x-client-channel": "alipay-miniprogram"}) == "miss"
        assert await cache(**{"accept-language": f"en-x-{uuid.uuid4().hex[:8]}"}) == "miss"
        assert await cache(**{"x-test-person": "7"}) is None  # signed in: never shared
        assert await cache() == "hit"


async def test_a_hash_not_found_is_looked_up_again_once_registered(settings: Settings, app: object) -> None:
    text = f"query Later{uuid.uuid4().hex[:8]} {{ departments(first: 1) {{ nodes {{ code }} }} }}"
    async with gateway(settings) as gw:
        unknown = await gw.get(extensions=persisted(text))
        await gw.post({"query": text, "extensions": persisted(text)})
        known = await gw.get(extensions=persisted(text))
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert known.json()["data"]["departments"]["nodes"][0]["code"]


async def test_at_most_a_bounded_number_of_query_strings_are_remembered(settings: Settings) -> None:
    services = build_services(settings)
    view = GraphQLHTTP(build_schema(settings), services)
    try:
        for n in range(REMEMBERED_GETS + 10):
            view._public_get(f"query=%7B+a{n}+%7D".encode(), Channel.WEB, "zh-CN")
        assert view._public_get.cache_info().currsize == REMEMBERED_GETS
    finally:
        await services.redis.aclose()


async def test_a_long_accept_language_makes_no_key_of_its_own(settings: Settings, app: object) -> None:
    # a client cycling 8 KB headers would otherwise fill the shared cache and this memory with keys
    locale = f"zh-CN-x-{uuid.uuid4().hex[:8]}-{'a' * 30}"  # 47 characters, of which 35 count
    async with gateway(settings) as gw:
        first = await gw.get(query=NAMES, headers={"accept-language": locale + "b" * 4000})
        other_tail = await gw.get(query=NAMES, headers={"accept-language": locale + "c" * 4000})
    assert (first.headers.get("x-cache"), other_tail.headers.get("x-cache")) == ("miss", "hit")
