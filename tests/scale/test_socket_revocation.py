"""Across instances: logging out everywhere through one gateway process closes the person's socket
held by another (the revocation is announced through Redis pub/sub), and the closed session's token
is refused by both."""

from __future__ import annotations

import uuid

import httpx
import pytest
from tests.support.processes import environment_of, serving
from tests.support.sockets import socket
from tests.support.waiting import GUARD

from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.models import LoginSession, Person
from luojiang.core.identity.signing_keys import generate_pem, parse_keys
from luojiang.core.settings import Settings

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


async def test_logout_everywhere_on_one_instance_closes_the_socket_on_the_other(
    settings: Settings, app: object
) -> None:
    keys = generate_pem()
    person = await Person.create(assurance_level=1)
    session = await LoginSession.create(id=uuid.uuid4(), person=person, channel="app")
    tokens = AccessTokens(keys=parse_keys(keys), issuer=settings.token_issuer, ttl_seconds=600)
    principal = await app.state.services.identity.sessions.principal_for(person, str(session.id), "app")  # type: ignore[attr-defined]
    bearer = f"Bearer {tokens.issue(principal)}"
    env = environment_of(settings, TOKEN_SIGNING_KEYS=keys)
    async with serving(env, count=2) as (a, b), httpx.AsyncClient(timeout=GUARD) as http:
        async with socket(a.removeprefix("http://"), {"authorization": bearer}) as held_by_a:
            answered = await held_by_a.ask("{ me { id } }")
            logged_out = await http.post(
                f"{b}/graphql",
                json={"query": "mutation { logoutEverywhere { ok } }"},
                headers={"authorization": bearer},
            )
            closed = await held_by_a.closed()
        refused = [
            (
                await http.post(
                    f"{base}/graphql", json={"query": "{ me { id } }"}, headers={"authorization": bearer}
                )
            ).json()["errors"][0]["extensions"]["code"]
            for base in (a, b)
        ]

    assert answered["type"] == "next"
    assert logged_out.json()["data"] == {"logoutEverywhere": {"ok": True}}
    assert closed == (4403, "Session ended")
    assert refused == ["UNAUTHENTICATED", "UNAUTHENTICATED"]
