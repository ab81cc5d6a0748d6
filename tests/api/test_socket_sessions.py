"""A socket does not outlive its session: it closes with 4403 when its token expires, when the
session is logged out, logged out everywhere or its roles change; each operation checks the
session again; and a revocation is remembered when Redis forgets it (the database is its record).
Two gateway processes: tests/scale/test_socket_revocation.py."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import httpx
from starlette.applications import Starlette
from tests.support.node import served
from tests.support.sockets import socket

from luojiang.core.identity import repository
from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.models import Person
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.identity.revocations import NOT_BEFORE_KEY, SESSION_KEY
from luojiang.core.identity.sessions import TokenPair

ME = "{ me { id } }"
HEADERS = {"accept": "application/graphql-response+json"}


async def _login(app: Starlette, person: Person | None = None) -> TokenPair:
    person = person or await Person.create(assurance_level=1)
    pair: TokenPair = await app.state.services.identity.sessions.start(person, "app")
    return pair


def _bearer(pair: TokenPair) -> dict[str, str]:
    return {"authorization": f"Bearer {pair.access_token}"}


async def _post(app: Starlette, query: str, pair: TokenPair) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        return await http.post("/graphql", json={"query": query}, headers={**HEADERS, **_bearer(pair)})


async def test_a_socket_closes_when_its_token_expires(app: Starlette) -> None:
    sessions = app.state.services.identity.sessions
    # long enough to be accepted at connection_init on a loaded machine, short enough to wait for
    short = AccessTokens(keys=sessions.access.keys, issuer=sessions.access.issuer, ttl_seconds=5)
    viewer = Principal(person_id=88_001, session_id=str(uuid.uuid4()), assurance=Assurance.L1, channel="app")
    token = short.issue(viewer)
    expires_at = short.verify(token).expires_at  # type: ignore[union-attr]
    async with served(app) as address, socket(address, {"authorization": f"Bearer {token}"}) as ws:
        close = await ws.closed()

    assert close == (4403, "Session ended")
    assert time.time() >= expires_at  # closed by the expiry, not before it


async def test_logout_everywhere_closes_every_socket_of_the_person(app: Starlette) -> None:
    phone = await _login(app)
    app_session = await _login(app, await Person.get(id=phone.principal.person_id))
    stranger = await _login(app)
    async with (
        served(app) as address,
        socket(address, _bearer(phone)) as first,
        socket(address, _bearer(app_session)) as second,
        socket(address, _bearer(stranger)) as third,
    ):
        assert (await first.ask(ME))["type"] == "next"
        logged_out = await _post(app, "mutation { logoutEverywhere { ok } }", phone)
        closes = [await first.closed(), await second.closed()]
        still = await third.ask(ME)

    assert logged_out.json()["data"] == {"logoutEverywhere": {"ok": True}}
    assert closes == [(4403, "Session ended")] * 2
    assert still["payload"]["data"]["me"]["id"]  # another person's socket stays open


async def test_logout_closes_that_sessions_socket_only(app: Starlette) -> None:
    phone = await _login(app)
    tablet = await _login(app, await Person.get(id=phone.principal.person_id))
    async with (
        served(app) as address,
        socket(address, _bearer(phone)) as on_phone,
        socket(address, _bearer(tablet)) as on_tablet,
    ):
        await _post(app, "mutation { logout { ok } }", phone)
        closed = await on_phone.closed()
        still = await on_tablet.ask(ME)

    assert closed == (4403, "Session ended")
    assert still["type"] == "next"


async def test_a_change_of_roles_closes_the_persons_sockets(app: Starlette) -> None:
    pair = await _login(app)
    async with served(app) as address, socket(address, _bearer(pair)) as ws:
        await app.state.services.identity.sessions.revocations.revoke_person_tokens(pair.principal.person_id)
        closed = await ws.closed()

    assert closed == (4403, "Session ended")


async def test_each_operation_checks_the_session_in_the_database_when_redis_forgot(app: Starlette) -> None:
    services = app.state.services
    pair = await _login(app)
    session = pair.principal.session_id
    async with served(app) as address, socket(address, _bearer(pair)) as ws:
        answered = await ws.ask(ME)
        # the session ends in the database only: no announcement reaches this instance, and Redis
        # holds nothing about it (as after a restart that lost its data)
        await repository.revoke_sessions(None, uuid.UUID(session), "test", datetime.now(UTC))
        await services.redis.delete(
            SESSION_KEY.format(session), NOT_BEFORE_KEY.format(pair.principal.person_id)
        )
        await ws.send({"type": "subscribe", "id": "after", "payload": {"query": ME}})
        closed = await ws.closed()

    assert answered["type"] == "next"
    assert closed == (4403, "Session ended")


async def test_a_revocation_survives_redis_forgetting_it(app: Starlette) -> None:
    services = app.state.services
    pair = await _login(app)
    await services.identity.sessions.end_all_sessions(pair.principal.person_id)
    await services.redis.delete(
        SESSION_KEY.format(pair.principal.session_id), NOT_BEFORE_KEY.format(pair.principal.person_id)
    )
    refused = await _post(app, ME, pair)

    assert [e["extensions"]["code"] for e in refused.json()["errors"]] == ["UNAUTHENTICATED"]
    assert await services.identity.sessions.revocations.is_revoked(pair.principal)
