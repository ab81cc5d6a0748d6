"""GraphQL over ``graphql-transport-ws`` at ``/graphql`` (WebSocket only; HTTP stays on
:class:`~luojiang.api.transport.http.GraphQLHTTP`).

One :class:`Context` per connection. ``connection_init`` carries the client's parameters; the
identity layer verifies them in :func:`viewer_from_connection_init`. Every operation on the socket
then passes what an HTTP request passes (:class:`GatewayTransportWS`): the session must still be
live (expired or revoked: the socket closes with 4403), the per-address and per-person rate
limits, the size limit, and the persisted queries and allow-list; the document limits run in the
schema for both transports. A signed-in socket also closes with 4403 the moment its token expires,
or when any instance revokes its session (:class:`~.live_sockets.LiveSockets`).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import timedelta
from typing import Any

import orjson
import strawberry
from graphql import GraphQLError
from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    SubscribeMessage,
)
from strawberry.types.unset import UNSET, UnsetType

from luojiang.api.context import Channel, Context, locale_from_header
from luojiang.api.identity.auth import viewer_from_connection_init
from luojiang.api.protection.gate import Gate
from luojiang.api.protection.persisted import identify
from luojiang.api.services import Services
from luojiang.api.transport.live_sockets import LiveSockets
from luojiang.api.transport.params import RequestRejected, params_from, unavailable
from luojiang.core import outage
from luojiang.core.identity.principal import Principal

FORBIDDEN = 4403


class GatewayTransportWS(BaseGraphQLTransportWSHandler[Context, None]):
    view: GraphQLWebSocket

    @property
    def principal(self) -> Principal:
        assert self.context.viewer is not None  # noqa: S101 -- only signed-in sockets are registered
        return self.context.viewer

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        viewer = self.context.viewer
        if self.connection_acknowledged and viewer is not None:
            self.view.sockets.add(self)
            if viewer.expires_at:
                delay = max(0.0, viewer.expires_at - time.time())
                self._expiry = asyncio.get_running_loop().call_later(delay, self.end_session)

    async def shutdown(self) -> None:
        if self.context.viewer is not None:
            self.view.sockets.discard(self)
        expiry: asyncio.TimerHandle | None = getattr(self, "_expiry", None)
        if expiry is not None:
            expiry.cancel()
        await super().shutdown()

    def end_session(self) -> None:
        closing = asyncio.ensure_future(self.websocket.close(code=FORBIDDEN, reason="Session ended"))
        closing.add_done_callback(lambda task: task.cancelled() or task.exception())

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if not self.connection_acknowledged or message["id"] in self.operations:
            await super().handle_subscribe(message)  # closes the socket, as the protocol says
            return
        try:
            if await self._session_ended():
                await self.websocket.close(code=FORBIDDEN, reason="Session ended")
                return
            query = await self._admitted(message["payload"])
        except RedisError as error:
            outage.REDIS.failed(error, "the WebSocket")
            await self._refuse(message["id"], unavailable())
            return
        except RequestRejected as rejected:
            await self._refuse(message["id"], rejected)
            return
        await super().handle_subscribe({**message, "payload": {**message["payload"], "query": query}})

    async def _refuse(self, operation_id: str, rejected: RequestRejected) -> None:
        extensions: dict[str, Any] = {"code": rejected.code}
        if "Retry-After" in rejected.headers:
            extensions["retryAfter"] = int(rejected.headers["Retry-After"])
        error = GraphQLError(rejected.message, extensions=extensions)
        await self.send_message({"id": operation_id, "type": "error", "payload": [error.formatted]})

    async def _session_ended(self) -> bool:
        viewer = self.context.viewer
        if viewer is None:
            return False
        if viewer.expires_at and time.time() >= viewer.expires_at:
            return True
        return await self.view.services.identity.sessions.revocations.is_revoked(viewer)

    async def _admitted(self, payload: Any) -> str:
        """What an HTTP request passes: its size, the rate limits, the persisted query or allow-list."""
        if not isinstance(payload, dict):
            raise RequestRejected(400, "BAD_REQUEST", "the payload must be a JSON object")
        params = params_from(payload)
        size = len(params.query or "") + len(orjson.dumps(params.variables))
        if size > self.view.max_body:
            raise RequestRejected(
                413, "PAYLOAD_TOO_LARGE", f"the operation is over {self.view.max_body} bytes"
            )
        await self.view.gate.admit(self.context.client_ip, self.context.viewer)
        return await self.view.gate.text_of(identify(params))


class GraphQLWebSocket(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = GatewayTransportWS

    def __init__(
        self, schema: strawberry.Schema, services: Services, gate: Gate, sockets: LiveSockets
    ) -> None:
        settings = services.settings
        super().__init__(
            schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=settings.ws_init_timeout_seconds),
            max_subscriptions_per_connection=settings.ws_max_subscriptions_per_connection,
            allowed_origins=settings.ws_allowed_origins,
        )
        self.services = services
        self.gate = gate
        self.sockets = sockets
        self.max_body = settings.graphql_max_body_bytes

    def decode_json(self, data: str | bytes) -> object:
        # orjson, as the HTTP view: bounded nesting, no 4,300-digit integers (its errors are
        # JSONDecodeErrors, which close the socket with 4400)
        return orjson.loads(data)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return Context(
            services=self.services,
            request_id=uuid.uuid4().hex,
            channel=Channel.from_header(request.headers.get("x-client-channel")),
            locale=locale_from_header(request.headers.get("accept-language")),
            client_ip=request.client.host if request.client else "-",
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        if isinstance(params.get("channel"), str):
            # browsers cannot set headers on a WebSocket: mini-programs and H5 pages say it here
            context.channel = Channel.from_header(params["channel"])
        # no token: anonymous; a forged, expired or revoked one: closed with 4403
        context.viewer = await viewer_from_connection_init(self.services, dict(params))
        unset: UnsetType = UNSET
        return unset
