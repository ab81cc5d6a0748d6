"""Gateways built inside a test, with settings of their own (small limits, allow-list mode), served
in-process on the session's database; and the persisted-query request shapes clients send."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx
import orjson
import redis.asyncio as aioredis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from luojiang.api.context import Context
from luojiang.api.schema import build_schema
from luojiang.api.transport.http import GraphQLHTTP
from luojiang.app.container import build_services, close_services
from luojiang.app.main import create_app
from luojiang.core.settings import Settings

GRAPHQL_RESPONSE = "application/graphql-response+json"


@dataclass(frozen=True)
class FakeViewer:
    """Stands in for identity's Principal: the gateway only reads ``person_id``."""

    person_id: int


class ViewWithTestViewer(GraphQLHTTP):
    """Signs a request in as ``FakeViewer(n)`` when it carries ``x-test-person: n``."""

    def _context(self, request: Request, headers: dict[str, str], request_id: str) -> Context:
        context = super()._context(request, headers, request_id)
        person = headers.get("x-test-person")
        if person is not None:
            context.viewer = FakeViewer(int(person))
        return context


@dataclass(frozen=True)
class Gateway:
    app: Starlette
    redis: aioredis.Redis
    client_ip: str

    def at(self, client_ip: str) -> Gateway:
        """The same gateway, called from another address."""
        return replace(self, client_ip=client_ip)

    async def get(self, **params: Any) -> httpx.Response:
        """GET /graphql with ``extensions``/``variables`` JSON-encoded in the query string."""
        headers = {"accept": GRAPHQL_RESPONSE, **params.pop("headers", {})}
        encoded = {k: v if isinstance(v, str) else orjson.dumps(v).decode() for k, v in params.items()}
        async with self._http() as http:
            return await http.get("/graphql", params=encoded, headers=headers)

    async def post(self, body: dict[str, Any], **headers: str) -> httpx.Response:
        async with self._http() as http:
            return await http.post("/graphql", json=body, headers={"accept": GRAPHQL_RESPONSE, **headers})

    def _http(self) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.app, client=(self.client_ip, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@asynccontextmanager
async def whole_app(settings: Settings, **overrides: Any) -> AsyncIterator[Starlette]:
    """The whole application (sockets too) with ``overrides`` applied to the session's settings; its
    lifespan is not run (the ``app`` fixture opened the database), its services are closed after."""
    app = create_app(settings.model_copy(update=overrides))
    try:
        yield app
    finally:
        await close_services(app.state.services)


@asynccontextmanager
async def gateway(
    settings: Settings, client_ip: str = "192.0.2.1", **overrides: Any
) -> AsyncIterator[Gateway]:
    """A gateway with ``overrides`` applied to the session's settings; needs the ``app`` fixture."""
    async with instances(settings, 1, client_ip, **overrides) as (only,):
        yield only


@asynccontextmanager
async def instances(
    settings: Settings, count: int, client_ip: str = "192.0.2.1", **overrides: Any
) -> AsyncIterator[tuple[Gateway, ...]]:
    """``count`` gateway instances on one Redis and one database, as several processes would be:
    each with its own view (its own rate-limit leases and copies of responses)."""
    own = settings.model_copy(update=overrides)
    services = build_services(own)
    schema = build_schema(own)
    try:
        async with AsyncExitStack() as running:
            built = []
            for _ in range(count):
                view = ViewWithTestViewer(schema, services)
                await running.enter_async_context(view.running())  # as the application's lifespan does
                built.append(Gateway(_app(view), services.redis, client_ip))
            yield tuple(built)
    finally:
        await services.redis.aclose()


def _app(view: GraphQLHTTP) -> Starlette:
    async def endpoint(request: Request) -> Response:
        return await view(request)

    return Starlette(routes=[Route("/graphql", endpoint, methods=["GET", "POST"])])


def fresh_ip() -> str:
    """An address of its own for a test: the server pass shares one Redis database, rate limits too."""
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256(text)}}
