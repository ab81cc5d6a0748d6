"""A graphql-transport-ws client made of the ``websockets`` library: what a test needs to send
operations on one socket and read what comes back."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tests.support.waiting import GUARD

PROTOCOL = Subprotocol("graphql-transport-ws")


class Socket:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self._ids = 0

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(await asyncio.wait_for(self.connection.recv(), GUARD))
        return message

    async def ask(
        self, query: str | None, variables: dict[str, Any] | None = None, **payload: Any
    ) -> dict[str, Any]:
        """Sends a query or mutation and reads its answers to the end; returns the first (``next``
        or ``error``)."""
        self._ids += 1
        body: dict[str, Any] = {"variables": variables or {}, **payload}
        if query is not None:
            body["query"] = query
        await self.send({"type": "subscribe", "id": str(self._ids), "payload": body})
        first = await self.receive()
        if first["type"] == "next":
            assert await self.receive() == {"id": str(self._ids), "type": "complete"}
        return first

    async def closed(self) -> tuple[int | None, str | None]:
        """Waits (within the guard) for the server to close the socket: its code and reason."""
        try:
            while True:
                await asyncio.wait_for(self.connection.recv(), GUARD)
        except ConnectionClosed:
            pass
        return self.connection.close_code, self.connection.close_reason


@asynccontextmanager
async def socket(address: str, init: dict[str, Any] | None = None) -> AsyncIterator[Socket]:
    """A socket to ``ws://address/graphql``, initialised with ``init`` and acknowledged."""
    async with connect(f"ws://{address}/graphql", subprotocols=[PROTOCOL]) as connection:
        opened = Socket(connection)
        await opened.send({"type": "connection_init", "payload": init or {}})
        assert await opened.receive() == {"type": "connection_ack"}
        yield opened


def code_of(answer: dict[str, Any]) -> str | None:
    """The code of an ``error`` answer's first error, or of a ``next`` answer's first error."""
    errors = answer["payload"] if answer["type"] == "error" else answer["payload"].get("errors") or []
    return errors[0]["extensions"]["code"] if errors else None
