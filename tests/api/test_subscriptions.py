"""Subscriptions over graphql-transport-ws, driven by the graphql-ws client itself, and the
limits on a connection."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from contextlib import AbstractAsyncContextManager

from redis.asyncio import Redis
from starlette.applications import Starlette
from tests.support.gateway import whole_app
from tests.support.node import NodeScript, served
from tests.support.waiting import GUARD, until
from websockets.asyncio.client import connect

from luojiang.core.catalogue.changes import CATALOGUE_CHANGED, current_version
from luojiang.core.events import Broadcaster
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.settings import Settings

SUBSCRIPTION = "subscription { catalogueChanged { version departments matters } }"
PROTOCOL = "graphql-transport-ws"


async def subscribers(redis: Redis) -> int:
    counts: list[tuple[bytes, int]] = await redis.pubsub_numsub(Broadcaster(redis).channel(CATALOGUE_CHANGED))
    return counts[0][1]


async def test_the_graphql_ws_client_receives_catalogue_changes(app: Starlette) -> None:
    redis = app.state.services.redis
    version = await current_version()
    async with served(app) as address:
        client = await NodeScript.start(
            "subscribe.mjs", f"ws://{address}/graphql", SUBSCRIPTION, "1", '{"channel": "wechat-miniprogram"}'
        )
        try:
            assert await asyncio.wait_for(client.next(), GUARD) == {"ready": True}
            await until(lambda: subscribers(redis))
            await Broadcaster(redis).publish(CATALOGUE_CHANGED, version.as_message())
            event = await asyncio.wait_for(client.next(), GUARD)
            assert await asyncio.wait_for(client.finish(), GUARD) == 0
        finally:
            client.stop()

    assert event["data"] == {
        "catalogueChanged": {
            "version": version.version,
            "departments": version.departments,
            "matters": version.matters,
        }
    }
    await until(lambda: _equals(subscribers(redis), 0))  # the client left: the Redis subscription is gone


async def _listening(app: Starlette) -> int:
    return Broadcaster(app.state.services.redis).listening(CATALOGUE_CHANGED)


async def _equals(count: Awaitable[int], expected: int) -> bool:
    return await count == expected


def _socket(address: str) -> connect:
    return connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL])  # type: ignore[list-item]


def _limited_app(settings: Settings) -> AbstractAsyncContextManager[Starlette]:
    return whole_app(settings, ws_init_timeout_seconds=0.3, ws_max_subscriptions_per_connection=2)


async def test_a_connection_that_never_initialises_is_closed_with_4408(settings: Settings) -> None:
    async with _limited_app(settings) as app, served(app) as address, _socket(address) as socket:
        await asyncio.wait_for(socket.wait_closed(), GUARD)
        close = socket.close_code, socket.close_reason

    assert close == (4408, "Connection initialisation timeout")


async def test_subscriptions_beyond_the_per_connection_limit_are_refused(settings: Settings) -> None:
    async with _limited_app(settings) as app, served(app) as address, _socket(address) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        ack = json.loads(await socket.recv())
        for number in ("1", "2", "3"):
            message = {"type": "subscribe", "id": number, "payload": {"query": SUBSCRIPTION}}
            await socket.send(json.dumps(message))
        refusal = json.loads(await asyncio.wait_for(socket.recv(), GUARD))
        # the first two are live (the in-process store hangs if cancelled mid-SUBSCRIBE)
        await until(lambda: _equals(_listening(app), 2))

    assert ack == {"type": "connection_ack"}
    assert refusal == {"type": "error", "id": "3", "payload": [{"message": "Subscription limit reached"}]}


async def test_subscribing_before_the_connection_is_acknowledged_closes_it_with_4401(
    settings: Settings,
) -> None:
    async with _limited_app(settings) as app, served(app) as address, _socket(address) as socket:
        await socket.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": SUBSCRIPTION}}))
        await asyncio.wait_for(socket.wait_closed(), GUARD)

    assert socket.close_code == 4401


async def test_connection_init_authenticates_and_refuses_forged_or_revoked_tokens(settings: Settings) -> None:
    async with _limited_app(settings) as app:
        sessions = app.state.services.identity.sessions
        viewer = Principal(person_id=41, session_id="ws-session", assurance=Assurance.L1, channel="app")
        token = sessions.access.issue(viewer)
        forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        closes = {}
        async with served(app) as address:
            async with _socket(address) as socket:
                await socket.send(
                    json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
                )
                accepted = json.loads(await asyncio.wait_for(socket.recv(), GUARD))
            for name, bad in (("forged", forged), ("revoked", token)):
                if name == "revoked":
                    await sessions.revocations.revoke_session("ws-session")
                async with _socket(address) as socket:
                    await socket.send(
                        json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {bad}"}})
                    )
                    await asyncio.wait_for(socket.wait_closed(), GUARD)
                    closes[name] = socket.close_code

    assert accepted == {"type": "connection_ack"}
    assert closes == {"forged": 4403, "revoked": 4403}
