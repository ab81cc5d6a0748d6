"""``luojiang seed``'s demo staff member logs in by SMS and works the LJ-RSJ queue; the
development-only echo of SMS codes prints the code on the console and never in a log, and is
off in every other environment."""

from __future__ import annotations

import logging

import httpx
import pytest
from redis.asyncio import Redis
from starlette.applications import Starlette

from luojiang.adapters.sms.dev import DevSmsSender
from luojiang.app.identity_wiring import build_identity
from luojiang.core.applications import demo
from luojiang.core.settings import Environment, Settings, load_settings
from tests.applications.test_api import op

SMS = "mutation($p: String!) { requestSmsCode(phone: $p) { ok } }"
LOGIN = "mutation($p: String!, $c: String!) { loginWithSms(phone: $p, code: $c) { accessToken } }"


async def test_the_demo_staff_member_logs_in_and_sees_the_departments_queue(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    personal = app.state.services.identity.personal
    person_id = await demo.seed_demo_staff(personal)
    assert await demo.seed_demo_staff(personal) == person_id  # seeding twice changes nothing
    await client.post("/graphql", json={"query": SMS, "variables": {"p": demo.STAFF_PHONE}})
    code = app.state.services.identity.logins.codes.sender.outbox[demo.STAFF_PHONE]
    login = await client.post(
        "/graphql", json={"query": LOGIN, "variables": {"p": demo.STAFF_PHONE, "c": code}}
    )
    token = login.json()["data"]["loginWithSms"]["accessToken"]
    queue = await client.post(
        "/graphql",
        json={"query": op("ApplicationQueue"), "variables": {"first": 5}},
        headers={"authorization": f"Bearer {token}"},
    )
    assert "errors" not in queue.json()
    assert "applicationQueue" in queue.json()["data"]


async def test_the_code_is_echoed_on_the_console_only_when_asked(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await DevSmsSender().send_login_code("13900000001", "123456")
    assert "123456" not in capsys.readouterr().err
    await DevSmsSender(echo=True).send_login_code("13900000001", "654321")
    assert "654321" in capsys.readouterr().err
    assert "654321" not in caplog.text
    assert "123456" not in caplog.text


@pytest.mark.parametrize(
    ("environment", "echo"), [(Environment.DEVELOPMENT, True), (Environment.TEST, False)]
)
def test_only_development_echoes(settings: Settings, environment: Environment, echo: bool) -> None:
    chosen = load_settings(
        environment=environment, database_url=settings.database_url, redis_url=settings.redis_url
    )
    identity = build_identity(chosen, Redis(), httpx.AsyncClient())  # nothing is sent: no connection
    sender = identity.logins.codes.sender
    assert isinstance(sender, DevSmsSender)
    assert sender.echo is echo
