"""Routes the gateway's outgoing HTTP to fake platforms by host: real requests, real protocol,
no network. A host nobody registered fails loudly, so a forgotten fake cannot reach the internet."""

from __future__ import annotations

import httpx
from starlette.types import ASGIApp


class FakePlatforms(httpx.AsyncBaseTransport):
    def __init__(self, apps: dict[str, ASGIApp]) -> None:
        self.transports = {host: httpx.ASGITransport(app=app) for host, app in apps.items()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.transports.get(request.url.host)
        if transport is None:
            raise AssertionError(f"no fake platform for {request.url.host}")
        return await transport.handle_async_request(request)
