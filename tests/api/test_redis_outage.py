"""When Redis goes away: a 503 with ``Retry-After`` and ``SERVICE_UNAVAILABLE`` where it is needed,
the public responses this instance holds where it is not, one log line per interval instead of a
traceback per request, and service again once Redis is back. /readyz answers within its time
when Redis accepts connections and never replies. Each test runs its own redis-server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from tests.support.gateway import Gateway, gateway
from tests.support.stores import own_redis
from tests.support.waiting import GUARD, until

from luojiang.app.main import create_app
from luojiang.core import outage
from luojiang.core.settings import Settings

PUBLIC = "{ departments(first: 2) { nodes { code } } }"
OTHER = "{ departments(first: 3) { nodes { code } } }"


async def test_an_outage_is_a_503_except_for_public_data_this_instance_holds(
    settings: Settings, app: object, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outage, "REDIS", outage.Outage("Redis"))  # no report of an earlier test's
    async with own_redis() as redis, gateway(settings, redis_url=redis.url) as gw:
        warm = [await gw.post({"query": PUBLIC}) for _ in range(2)]  # stored, then found: kept here
        await redis.stop()
        with caplog.at_level(logging.WARNING):
            # a copy is served as current until the tag versions are a lag (50 ms) old, then as
            # what this instance last knew
            await until(lambda: _served_as(gw, PUBLIC, "stale"))
            held = await gw.post({"query": PUBLIC})
            uncached = [await gw.post({"query": OTHER}) for _ in range(20)]
            signed_in = await gw.post({"query": PUBLIC}, **{"x-test-person": "7"})
        await redis.start()  # empty, on the same port: the pool connects again
        back = await gw.post({"query": OTHER})

    assert [r.headers["x-cache"] for r in warm] == ["miss", "hit"]
    assert (held.status_code, held.headers["x-cache"], held.json()) == (200, "stale", warm[0].json())
    assert {(r.status_code, r.headers["retry-after"]) for r in [*uncached, signed_in]} == {(503, "5")}
    assert uncached[0].json()["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE"}
    reports = [r for r in caplog.records if r.name == "luojiang.outage"]
    assert len(reports) == 1  # once per interval, not per request
    assert not any(r.exc_info for r in caplog.records)  # and no tracebacks
    assert back.status_code == 200


async def _served_as(gw: Gateway, query: str, cache: str) -> bool:
    return (await gw.post({"query": query})).headers.get("x-cache") == cache


@pytest.fixture
async def hung_redis() -> AsyncIterator[str]:
    """A TCP server that accepts connections and never says a word."""
    held: list[asyncio.StreamWriter] = []

    async def accept(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        for writer in held:
            writer.close()
        server.close()


async def test_readyz_is_not_ready_when_redis_hangs(settings: Settings, app: object, hung_redis: str) -> None:
    broken: Starlette = create_app(settings.model_copy(update={"redis_url": hung_redis}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=broken), base_url="http://t") as http:
        response = await asyncio.wait_for(http.get("/readyz"), GUARD)

    assert (response.status_code, response.json()) == (
        503,
        {"ready": False, "checks": {"database": True, "redis": False}},
    )
