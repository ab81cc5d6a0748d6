"""/verify is rate-limited per client address with the gateway's limiter: guessing is slow as
well as hopeless, and a refused request spends no token."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from luojiang.app.container import build_services
from luojiang.app.licences_wiring import verify_app
from luojiang.core.licences.service import LicenceService
from tests.licences.support import execute, global_id, issue_social_card
from tests.licences.test_showing import SHOW
from tests.support.gateway import fresh_ip


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
