"""/verify is rate-limited per client address with the gateway's limiter: guessing is slow as
well as hopeless, and a refused request spends no token."""

from __future__ import annotations

import logging

import httpx
import pytest
from starlette.applications import Starlette

from luojiang.app.container import build_services
from luojiang.app.licences_wiring import verify_app
from luojiang.core import outage
from luojiang.core.licences.service import LicenceService
from tests.licences.support import execute, global_id, issue_social_card
from tests.licences.test_showing import SHOW
from tests.support.gateway import fresh_ip
from tests.support.stores import own_redis


async def test_a_client_past_its_limit_gets_429_and_the_token_stays_unspent(
    app: Starlette, licences: LicenceService, client: httpx.AsyncClient
) -> None:
    settings = app.state.services.settings.model_copy(update={"licence_verify_per_ip_per_minute": 2})
    services = build_services(settings)
    limited = verify_app(services.licences, services.redis, settings)
    licence, owner = await issue_social_card(licences)
    token = (await execute(app, owner, SHOW, {"id": global_id(licence)})).data["showLicence"]["showing"][
        "token"
    ]
    ip = fresh_ip()
    try:
        transport = httpx.ASGITransport(app=limited, client=(ip, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            guesses = [await http.get(f"/verify/{'A' * 48}") for _ in range(2)]
            assert [g.status_code for g in guesses] == [404, 404]
            refused = await http.get(f"/verify/{token}")
            assert refused.status_code == 429
            assert refused.headers["retry-after"] == "60"
            assert 'data-verdict="rate_limited"' in refused.text
            assert "社会保障卡" not in refused.text
        # not spent by the refusal (the session's own gateway: test keys are made per gateway)
        assert (await client.get(f"/verify/{token}")).status_code == 200
    finally:
        await services.redis.aclose()


async def test_while_redis_is_unreachable_a_scan_is_a_503_that_spends_nothing(
    app: Starlette,
    licences: LicenceService,
    client: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the limit cannot be charged, so nothing is verified: an unlimited verifier could guess freely
    monkeypatch.setattr(outage, "REDIS", outage.Outage("Redis"))  # no report of an earlier test's
    licence, owner = await issue_social_card(licences)
    shown = await execute(app, owner, SHOW, {"id": global_id(licence)})
    token = shown.data["showLicence"]["showing"]["token"]
    async with own_redis() as redis:
        settings = app.state.services.settings.model_copy(
            update={"licence_verify_per_ip_per_minute": 60, "redis_url": redis.url}
        )
        services = build_services(settings)
        page = verify_app(services.licences, services.redis, settings)
        await redis.stop()
        try:
            transport = httpx.ASGITransport(app=page, client=(fresh_ip(), 40000))
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                with caplog.at_level(logging.WARNING):
                    refused = [await http.get(f"/verify/{token}") for _ in range(3)]
        finally:
            await services.redis.aclose()
    assert {(r.status_code, r.headers["retry-after"]) for r in refused} == {(503, "5")}
    assert 'data-verdict="unavailable"' in refused[0].text
    assert "社会保障卡" not in refused[0].text
    assert len([r for r in caplog.records if r.name == "luojiang.outage"]) == 1
    assert not any(r.exc_info for r in caplog.records)
    assert (await client.get(f"/verify/{token}")).status_code == 200  # not spent by the refusals
