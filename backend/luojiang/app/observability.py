"""Per-request context for logs and HTTP metrics, and the ``/metrics`` endpoint."""

from __future__ import annotations

import re
import uuid

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from luojiang.core import logs, metrics

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
ROUTES = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})


class RequestContext:
    """Sets the request id (the client's ``X-Request-Id`` when well-formed) for every log line of
    the request, and counts requests by route, method and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        token = logs.request_id.set(given if REQUEST_ID.match(given) else uuid.uuid4().hex)
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            logs.request_id.reset(token)
            if scope["type"] == "http":
                route = scope["path"] if scope["path"] in ROUTES else "(other)"
                metrics.HTTP_REQUESTS.labels(route, scope["method"], str(status)).inc()


async def metrics_endpoint(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
