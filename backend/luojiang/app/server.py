"""The HTTP server of ``luojiang serve``, in one place, so that the benchmarks serve their
baselines with exactly the server and settings the gateway runs with (``bench/http``).

uvicorn on uvloop with httptools' parser: chosen on measurements against granian (README,
"Protection and speed"); it also serves the WebSocket (graphql-transport-ws) and stops gracefully
on SIGTERM. One process per instance by default (scale out with more instances behind the
proxy); ``workers`` > 1 runs that many gateway processes on one listening socket (uvicorn's
supervisor binds it once and hands it to each), which needs a Redis server: the in-process store
cannot be shared, and the rate limits must stay exact across the processes.
"""

from __future__ import annotations

import uvicorn

from luojiang.core.settings import Settings

GATEWAY = "luojiang.app.main:serving_app"
# How long uvicorn's supervisor waits for a worker's answer before it kills it as hung. A worker
# answers only once its process has imported the gateway (spawned, it starts from nothing): on a
# busy 2-core machine, or without compiled bytecode, that took 8-10 s, and uvicorn's 5 s killed
# every worker before it served, again and again
WORKER_ANSWER_SECONDS = 60


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
    uvicorn.run(
        factory,
        factory=True,
        workers=workers,
        timeout_worker_healthcheck=WORKER_ANSWER_SECONDS,
        host=settings.host,
        port=settings.port,
        loop="uvloop",
        http="httptools",
        log_config=None,
        access_log=False,  # the application writes its own, sampled (luojiang.app.observability)
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # a WebSocket message may be as large as an HTTP body, no larger (uvicorn's default: 16 MiB)
        ws_max_size=settings.graphql_max_body_bytes,
    )
