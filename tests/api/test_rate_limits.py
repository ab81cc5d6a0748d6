"""Rate limits per IP and per signed-in person, in Redis: a burst of N per minute, then 429 with
Retry-After, and a refused request charges nothing."""

from __future__ import annotations

import uuid

from tests.support.gateway import fresh_ip, gateway

from luojiang.core.settings import Settings

QUERY = {"query": "{ departments(first: 1) { nodes { code } } }"}


async def test_per_ip_limit_refuses_with_retry_after(settings: Settings, app: object) -> None:
    ip = fresh_ip()
    async with gateway(settings, client_ip=ip, rate_limit_per_ip_per_minute=3) as gw:
        statuses = [(await gw.post(QUERY)).status_code for _ in range(3)]
        refused = await gw.post(QUERY)
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "20"  # 60 s / 3: the next request's slot
    assert refused.json() == {
        "errors": [{"message": "Too many requests: retry in 20 s.", "extensions": {"code": "RATE_LIMITED"}}]
    }


async def test_other_addresses_keep_their_own_budget(settings: Settings, app: object) -> None:
    first, second = fresh_ip(), fresh_ip()
    async with gateway(settings, client_ip=first, rate_limit_per_ip_per_minute=1) as gw:
        await gw.post(QUERY)
        assert (await gw.post(QUERY)).status_code == 429
        assert (await gw.at(second).post(QUERY)).status_code == 200


async def test_per_user_limit_follows_the_viewer_across_addresses(settings: Settings, app: object) -> None:
    person = str(uuid.uuid4().int % 10**9)
    limits = {"rate_limit_per_ip_per_minute": 100, "rate_limit_per_user_per_minute": 2}
    async with gateway(settings, client_ip=fresh_ip(), **limits) as gw:
        signed_in = [(await gw.post(QUERY, **{"x-test-person": person})).status_code for _ in range(2)]
        elsewhere = await gw.at(fresh_ip()).post(QUERY, **{"x-test-person": person})
        anonymous = await gw.at(fresh_ip()).post(QUERY)
    assert signed_in == [200, 200]
    assert elsewhere.status_code == 429
    assert elsewhere.headers["retry-after"] == "30"
    assert anonymous.status_code == 200


async def test_a_refused_request_charges_nothing(settings: Settings, app: object) -> None:
    person = str(uuid.uuid4().int % 10**9)
    ip = fresh_ip()
    limits = {"rate_limit_per_ip_per_minute": 2, "rate_limit_per_user_per_minute": 100}
    async with gateway(settings, client_ip=ip, **limits) as gw:
        await gw.post(QUERY)
        await gw.post(QUERY)
        assert (await gw.post(QUERY, **{"x-test-person": person})).status_code == 429
        user_bucket = await gw.redis.get(f"ratelimit:user:{person}")
    assert user_bucket is None
