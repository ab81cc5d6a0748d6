"""Identity fixtures: GraphQL clients from distinct client IPs (the SMS limits count per IP), and a
helper that logs a phone number in through the app's SMS flow."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from tests.identity.platforms import channels
from tests.identity.support import Api

__all__ = ["api", "channels", "new_phone"]

_ips = itertools.count(1)


@pytest.fixture
async def api(app: Starlette) -> AsyncIterator[Api]:
    n = next(_ips)
    transport = httpx.ASGITransport(app=app, client=(f"10.2.{n // 250}.{n % 250 + 1}", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Api(http=http, services=app.state.services)


_phones = itertools.count(10_000_000)


@pytest.fixture
def new_phone() -> str:
    """A mainland mobile number no other test uses."""
    return f"139{next(_phones):08d}"
