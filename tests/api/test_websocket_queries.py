"""Queries sent over a long-lived WebSocket read the data as it is when each one runs."""

from __future__ import annotations

import asyncio
import json

from starlette.applications import Starlette
from tests.support.node import served
from tests.support.waiting import GUARD
from websockets.asyncio.client import connect

from luojiang.core.catalogue.models import Department

PROTOCOL = "graphql-transport-ws"
DEPARTMENT = "query($id: ID!) { node(id: $id) { ... on Department { name } } }"
FIRST = "{ departments(first: 1) { nodes { id code name } } }"


async def _ask(socket: object, number: str, query: str, variables: dict[str, str] | None = None) -> object:
    message = {"type": "subscribe", "id": number, "payload": {"query": query, "variables": variables or {}}}
    await socket.send(json.dumps(message))  # type: ignore[attr-defined]
    reply = json.loads(await asyncio.wait_for(socket.recv(), GUARD))  # type: ignore[attr-defined]
    done = json.loads(await asyncio.wait_for(socket.recv(), GUARD))  # type: ignore[attr-defined]
    assert reply["type"] == "next", reply
    assert done == {"id": number, "type": "complete"}
    return reply["payload"]["data"]


async def test_a_later_query_on_the_same_connection_sees_a_change(app: Starlette) -> None:
    async with served(app) as address, connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await socket.recv()) == {"type": "connection_ack"}
        first = (await _ask(socket, "1", FIRST))["departments"]["nodes"][0]  # type: ignore[index]
        before = await _ask(socket, "2", DEPARTMENT, {"id": first["id"]})
        try:
            await Department.filter(code=first["code"]).update(name="连接期间改的名")
            after = await _ask(socket, "3", DEPARTMENT, {"id": first["id"]})
        finally:
            await Department.filter(code=first["code"]).update(name=first["name"])

    assert before == {"node": {"name": first["name"]}}
    assert after == {"node": {"name": "连接期间改的名"}}
