"""GraphQL subscriptions over ``graphql-transport-ws`` at ``/graphql`` (WebSocket only; HTTP
stays on :class:`~luojiang.api.transport.http.GraphQLHTTP`).

One :class:`Context` per connection. ``connection_init`` carries the client's parameters; the
identity layer verifies them in :func:`viewer_from_connection_params`.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from luojiang.api.context import Channel, Context
from luojiang.api.identity.auth import viewer_from_connection_init
from luojiang.api.services import Services
from luojiang.core.identity.principal import Principal


async def viewer_from_connection_params(services: Services, params: dict[str, Any]) -> Principal | None:
    """Authentication on ``connection_init``: no token is an anonymous connection; a forged,
    expired or revoked one raises ``ConnectionRejectionError``, which closes the socket with 4403."""
    return await viewer_from_connection_init(services, params)


class GraphQLWebSocket(GraphQL[Context, None]):
    def __init__(self, schema: strawberry.Schema, services: Services) -> None:
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

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return Context(
            services=self.services,
            request_id=uuid.uuid4().hex,
            channel=Channel.from_header(request.headers.get("x-client-channel")),
            locale=(request.headers.get("accept-language") or "zh-CN").split(",")[0].strip() or "zh-CN",
            client_ip=request.client.host if request.client else "-",
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        if isinstance(params.get("channel"), str):
            # browsers cannot set headers on a WebSocket: mini-programs and H5 pages say it here
            context.channel = Channel.from_header(params["channel"])
        context.viewer = await viewer_from_connection_params(self.services, dict(params))
        unset: UnsetType = UNSET
        return unset
