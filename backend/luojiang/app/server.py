"""The HTTP server of ``luojiang serve``, in one place, so that the benchmarks serve their
baselines with exactly the server and settings the gateway runs with (``bench/http``).

uvicorn on uvloop with httptools' parser: chosen on measurements against granian (README,
"Protection and speed"); it also serves the WebSocket (graphql-transport-ws) and stops gracefully
on SIGTERM. One process per instance by default (scale out with more instances behind the
proxy); ``workers`` > 1 runs that many gateway processes on one port, which needs a Redis server:
the in-process store cannot be shared, and the rate limits must stay exact across the processes.

Each worker binds the port with its own socket (``SO_REUSEPORT``), so the kernel spreads new
connections evenly between them. Under one shared socket (uvicorn's own supervisor) the first
worker to wake accepted every connection waiting: a client's 8 kept-alive connections all went to
one of two workers one time in three, and two processes served no more than one.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import sys
import time
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE

from luojiang.core.settings import Settings

GATEWAY = "luojiang.app.main:serving_app"
# a worker that served this long died of something passing: it is replaced at once
STEADY_SECONDS = 10.0
RESTART_DELAY_CAP_SECONDS = 30.0
log = logging.getLogger(__name__)


class SharedStoreNeeded(SystemExit):
    def __init__(self) -> None:
        super().__init__(
            "--workers above 1 needs REDIS_URL: each process would otherwise keep its own in-process "
            "store, and rate limits and cached responses would not be shared between them"
        )


def serve(settings: Settings, factory: str = GATEWAY, workers: int = 1) -> None:
    """Serves the application that ``factory`` (``module:function``, called once in each serving
    process) builds, until SIGINT or SIGTERM (in-flight requests finish, then the lifespan ends)."""
    if workers > 1 and settings.redis_url is None:
        raise SharedStoreNeeded()
    if workers == 1:
        uvicorn.run(factory, **_options(settings))
        return
    _supervise(settings, factory, workers)


def _options(settings: Settings) -> dict[str, Any]:
    return {
        "factory": True,
        "host": settings.host,
        "port": settings.port,
        "loop": "uvloop",
        "http": "httptools",
        "log_config": None,
        "access_log": False,  # the application writes its own, sampled (luojiang.app.observability)
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        # a WebSocket message may be as large as an HTTP body, no larger (uvicorn's default: 16 MiB)
        "ws_max_size": settings.graphql_max_body_bytes,
    }


def _supervise(settings: Settings, factory: str, workers: int) -> None:
    """Runs ``workers`` processes until SIGINT or SIGTERM, which each of them gets in turn; a
    worker that dies is replaced (later and later while replacements keep dying young, see
    :class:`Restarts`), unless it could not start (then all stop: it would fail again)."""
    _refuse_a_served_port(settings)
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: no loop or pool inherited
    running: dict[BaseProcess, float] = {}  # each worker and when it started
    stopping: list[int] = []
    restarts = Restarts()
    due: list[float] = []  # when each replacement waiting for its delay starts

    def stop(signum: int, _: FrameType | None) -> None:
        stopping.append(signum)
        for process in running:
            if process.pid is not None and process.is_alive():
                process.terminate()

    def start() -> None:
        process = _start(spawn, settings, factory)
        running[process] = time.monotonic()
        if stopping:  # the signal came while it was starting, before it was in ``running``
            process.terminate()

    # set before any worker exists: a signal while they start never leaves one serving on its own
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
    for _ in range(workers):
        start()
    while running or (due and not stopping):
        # a short wait while a replacement is due: a signal does not cut a wait short (PEP 475)
        wait([p.sentinel for p in running], timeout=0.2 if due else 1.0)
        for process in [p for p in running if not p.is_alive()]:
            started = running.pop(process)
            if stopping:
                continue
            if process.exitcode == STARTUP_FAILURE:
                stop(signal.SIGTERM, None)
                sys.exit(STARTUP_FAILURE)
            delay = restarts.delay_after(time.monotonic() - started)
            log.warning(
                "worker %s exited with %s; starting another in %.0f s", process.pid, process.exitcode, delay
            )
            due.append(time.monotonic() + delay)
            due.sort()
        while due and due[0] <= time.monotonic() and not stopping:
            due.pop(0)
            start()


class Restarts:
    """How long to wait before replacing a worker that died: not at all after one that served a
    while (something passing killed it), then 1, 2, 4 … up to 30 s while the replacements keep
    dying young (the OOM killer, a full disk, a dependency down at start-up), so that a crash
    loop does not spin two cores spawning interpreters; one worker that lives long resets it."""

    def __init__(
        self, steady_seconds: float = STEADY_SECONDS, cap_seconds: float = RESTART_DELAY_CAP_SECONDS
    ) -> None:
        self._steady = steady_seconds
        self._cap = cap_seconds
        self._young_deaths = 0

    def delay_after(self, lived_seconds: float) -> float:
        if lived_seconds >= self._steady:
            self._young_deaths = 0
            return 0.0
        self._young_deaths += 1
        return min(2.0 ** (self._young_deaths - 1), self._cap)


def _start(spawn: Any, settings: Settings, factory: str) -> BaseProcess:
    process: BaseProcess = spawn.Process(target=_worker, args=(settings, factory), daemon=False)
    process.start()
    return process


def _worker(settings: Settings, factory: str) -> None:
    """One worker: uvicorn on a socket of its own, sharing the port with its siblings."""
    listening = socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        listening.bind((settings.host, settings.port))
    except OSError as error:
        log.error("cannot listen on %s:%s: %s", settings.host, settings.port, error)
        sys.exit(STARTUP_FAILURE)
    server = uvicorn.Server(uvicorn.Config(factory, **_options(settings)))
    try:
        server.run(sockets=[listening])
    except Exception:  # the factory raised (uvicorn exits with STARTUP_FAILURE only for some errors)
        if server.started:
            raise
        log.exception("the gateway could not be built")
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def _refuse_a_served_port(settings: Settings) -> None:
    """Binding without SO_REUSEPORT fails while anything listens on the port, a gateway's workers
    left from an earlier run too; the workers' own sockets would silently share it with them."""
    probe = socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET)
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # connections in TIME_WAIT are no listener
    try:
        probe.bind((settings.host, settings.port))
    except OSError as error:
        raise SystemExit(f"cannot listen on {settings.host}:{settings.port}: {error}") from None
    finally:
        probe.close()
