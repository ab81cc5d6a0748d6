"""An httpx transport that sends each host's requests to its fake, and refuses every other host:
a test that forgets a fake fails loudly instead of reaching the network."""

from __future__ import annotations

import httpx
from starlette.types import ASGIApp


class FakeHosts(httpx.AsyncBaseTransport):
    def __init__(self, apps: dict[str, ASGIApp]) -> None:
        self.transports = {host: httpx.ASGITransport(app=app) for host, app in apps.items()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.transports.get(request.url.host)
        if transport is None:
            raise httpx.ConnectError(f"no fake for {request.url.host}: tests never reach the network")
        return await transport.handle_async_request(request)
