"""One HTTP client for several fakes, routed by host; any other host fails loudly, so no test can
reach the network by mistake."""

from __future__ import annotations

import httpx
from starlette.types import ASGIApp


class HostRouter(httpx.AsyncBaseTransport):
    def __init__(self, apps: dict[str, ASGIApp]) -> None:
        self.transports = {host: httpx.ASGITransport(app=app) for host, app in apps.items()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.transports.get(request.url.host)
        if transport is None:
            raise httpx.ConnectError(
                f"no fake for {request.url.host}: tests never reach the network", request=request
            )
        return await transport.handle_async_request(request)
