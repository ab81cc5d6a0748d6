"""Per-request context for logs and HTTP metrics, the access log, and the ``/metrics`` endpoint."""

from __future__ import annotations

import itertools
import logging
import os
import random
import re
import secrets
import time
from collections.abc import Callable

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.metrics import Counter
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from luojiang.core import logs, metrics
from luojiang.core.settings import Settings

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
ROUTES = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})
access_log = logging.getLogger("luojiang.access")


class RequestIds:
    """Request ids unique across instances and processes: a random prefix drawn once per process
    (and again after a fork), then a counter. A fresh random id per request cost a system call
    (``os.urandom``) on every request, more than serving a cached response's headers."""

    def __init__(self) -> None:
        self._draw()
        # a forked worker must not repeat its parent's ids; asking os.getpid() on every request
        # instead was a system call a request (about 1 % of a scan's CPU)
        os.register_at_fork(after_in_child=self._draw)

    def _draw(self) -> None:
        self._prefix, self._counter = secrets.token_hex(8), itertools.count()

    def new(self) -> str:
        return f"{self._prefix}{next(self._counter):016x}"


request_ids = RequestIds()


class AccessLog:
    """Which requests get an access line: every failed (status >= 400) or slow one, and a random
    ``sample`` share of the others. A line per request costs more than serving a cached response
    (formatting, masking, writing), so the hot path writes one in a hundred by default."""

    def __init__(self, settings: Settings, chance: Callable[[], float] = random.random) -> None:
        self.sample = settings.access_log_sample
        self.slow_seconds = settings.access_log_slow_ms / 1000
        self._chance = chance

    def wanted(self, status: int, seconds: float) -> bool:
        return status >= 400 or seconds >= self.slow_seconds or self._chance() < self.sample

    def write(self, scope: Scope, status: int, seconds: float) -> None:
        method, path = scope.get("method", "WEBSOCKET"), scope["path"]
        ms = round(seconds * 1000, 1)
        access_log.info("%s %s %s", method, path, status, extra={"status": status, "duration_ms": ms})


class RequestContext:
    """Sets the request id (the client's ``X-Request-Id`` when well-formed) for every log line of
    the request, counts requests by route, method and status, and writes the access log."""

    def __init__(self, app: ASGIApp, access: AccessLog) -> None:
        self.app = app
        self.access = access
        self._counters: dict[tuple[str, str, str], Counter] = {}  # labels() takes a lock each time

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        token = logs.request_id.set(given if REQUEST_ID.match(given) else request_ids.new())
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            if scope["type"] == "http":
                self._count(scope, status)
                seconds = time.perf_counter() - started
                if self.access.wanted(status, seconds):
                    self.access.write(scope, status, seconds)
            logs.request_id.reset(token)

    def _count(self, scope: Scope, status: int) -> None:
        labels = (scope["path"] if scope["path"] in ROUTES else "(other)", scope["method"], str(status))
        counter = self._counters.get(labels)
        if counter is None:
            counter = self._counters[labels] = metrics.HTTP_REQUESTS.labels(*labels)
        counter.inc()


async def metrics_endpoint(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
