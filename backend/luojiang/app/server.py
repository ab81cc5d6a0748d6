"""The HTTP server of ``luojiang serve``, in one place, so that the benchmarks serve their
baselines with exactly the server and settings the gateway runs with (``bench/http``).

uvicorn on uvloop with httptools' parser, one process per instance (scale out with more
instances behind the proxy): chosen on measurements against granian (README, "Protection and
speed"); it also serves the WebSocket (graphql-transport-ws) and stops gracefully on SIGTERM.
"""

from __future__ import annotations

import uvicorn

from luojiang.core.settings import Settings

GATEWAY = "luojiang.app.main:serving_app"


def serve(settings: Settings, factory: str = GATEWAY) -> None:
    """Serves the application that ``factory`` (``module:function``, called once in the serving
    process) builds, until SIGINT or SIGTERM (in-flight requests finish, then the lifespan ends)."""
    uvicorn.run(
        factory,
        factory=True,
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
