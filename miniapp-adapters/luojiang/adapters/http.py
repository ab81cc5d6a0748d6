"""The one HTTP client every outside platform call goes through (DESIGN habit 5): short timeouts,
no redirects; tests and private deployments swap the transport, never the client's rules."""

from __future__ import annotations

import httpx

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def platform_client(transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=transport, timeout=TIMEOUT, follow_redirects=False)
