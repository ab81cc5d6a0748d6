"""The Starlette application: routes, lifespan, and nothing chosen at import time."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from luojiang.api.protection.page_copies import PageCopies
from luojiang.api.schema import build_schema
from luojiang.api.transport.http import GraphQLHTTP
from luojiang.api.transport.live_sockets import LiveSockets
from luojiang.api.transport.websocket import GraphQLWebSocket
from luojiang.app.applications_wiring import application_routes
from luojiang.app.container import build_services, close_services, start_services
from luojiang.app.graphql_endpoint import GraphQLEndpoint
from luojiang.app.licences_wiring import licence_routes, verify_pages
from luojiang.app.notifications_wiring import notification_receipt_routes
from luojiang.app.observability import AccessLog, RequestContext, metrics_endpoint
from luojiang.app.payments_wiring import notification_routes
from luojiang.app.web.routes import tourism_routes
from luojiang.core import db
from luojiang.core.events import Broadcaster
from luojiang.core.logs import configure_logging
from luojiang.core.settings import Settings, load_settings

Lifespan = Callable[[Starlette], AbstractAsyncContextManager[Any]]


def create_app(
    settings: Settings | None = None, http_transport: httpx.AsyncBaseTransport | None = None
) -> Starlette:
    """``http_transport`` replaces the network for every outside platform (tests pass their fakes)."""
    settings = settings or load_settings()
    services = build_services(settings, http_transport)
    schema = build_schema(settings)
    graphql_http = GraphQLHTTP(schema, services)
    pages = PageCopies(
        services.redis,
        settings.response_cache_ttl_seconds,
        settings.response_cache_local_bytes,
        settings.response_cache_local_lag_ms / 1000,
    )
    sockets = LiveSockets()

    async def jwks(_: Request) -> Response:
        # every key that may still verify a live token: the overlap window of a rotation
        return JSONResponse(services.identity.keys.jwks(), headers={"cache-control": "public, max-age=300"})

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "alive"})

    async def readyz(_: Request) -> Response:
        # each probe within its time: a store that accepts connections and never answers is not ready
        checks = {"database": await _check(db.ping()), "redis": await _check(services.redis.ping())}
        ready = all(checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with db.database(settings):
            await start_services(services)
            followers = [
                # every instance rebuilds its search index when another one changes the catalogue
                asyncio.create_task(services.catalogue.follow_changes()),
                # and closes its sockets of a session any instance revoked
                asyncio.create_task(sockets.follow(Broadcaster(services.redis))),
            ]
            try:
                async with graphql_http.running(), pages.following():
                    yield
            finally:
                for follower in followers:
                    follower.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await follower
                await close_services(services)

    routes = [
        Route("/.well-known/jwks.json", jwks),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics_endpoint),
        WebSocketRoute("/graphql", GraphQLWebSocket(schema, services, graphql_http.gate, sockets)),
        *tourism_routes(services, pages),
        *licence_routes(services.licences),
        *notification_routes(services.payment_notifications),
        *notification_receipt_routes(settings, services.notifications, services.redis),
        *application_routes(services),
    ]
    middleware = [
        Middleware(RequestContext, access=AccessLog(settings)),
        verify_pages(services.licences, services.redis, settings),
        # HTTP on /graphql is answered here, inside the request context (luojiang.app.graphql_endpoint)
        Middleware(GraphQLEndpoint, view=graphql_http, graphql_ide=settings.graphql_ide),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    app.state.services = services
    app.state.sockets = sockets
    return app


def serving_app() -> Starlette:
    """The application as ``luojiang serve`` runs it (the server calls this in its own process):
    settings from the config files and the environment, logs configured, and what the start-up
    made frozen out of the garbage collector's way."""
    settings = load_settings()
    configure_logging(settings)
    app = create_app(settings)
    app.router.lifespan_context = _frozen_after_startup(app.router.lifespan_context)
    return app


# Python collects its youngest generation after 700 more container allocations than frees. A
# request allocates thousands (frames, coroutines, dicts, its result's objects): (b) of
# `python -m bench --http` ran three collections a request, 0.4 ms of its 11 ms of CPU; at 10,000,
# one every few requests, under 0.1 ms. Reference counting frees nearly all of it as the request
# ends; only cycles wait for a collection, and 10,000 more objects cost a few megabytes at most.
YOUNG_COLLECTION_THRESHOLD = 10_000


def _frozen_after_startup(lifespan: Lifespan) -> Lifespan:
    """The schema, the modules, the search index and the caches that start-up builds live as long
    as the process; frozen (``gc.freeze``), the collections that a busy server runs every few
    requests no longer walk them each time (a full one walked hundreds of thousands of objects),
    and the youngest generation is collected less often (``YOUNG_COLLECTION_THRESHOLD``)."""

    @asynccontextmanager
    async def frozen(app: Starlette) -> AsyncIterator[None]:
        async with lifespan(app):
            gc.collect()  # what start-up left as garbage is freed, not frozen
            gc.freeze()
            gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])
            yield

    return frozen


READY_TIMEOUT_SECONDS = 2.0


async def _check(probe: Awaitable[object]) -> bool:
    try:
        await asyncio.wait_for(probe, READY_TIMEOUT_SECONDS)
    except Exception:
        return False
    return True
