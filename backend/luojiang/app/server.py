"""The HTTP server of ``luojiang serve``, in one place, so that the benchmarks serve their
baselines with exactly the server and settings the gateway runs with (``bench/http``)."""

from __future__ import annotations

import uvicorn

from luojiang.core.settings import Settings

GATEWAY = "luojiang.app.main:serving_app"


def serve(settings: Settings, factory: str = GATEWAY) -> None:
    """Serves the application that ``factory`` (``module:function``, called once in the serving
    process) builds, until SIGINT or SIGTERM."""
    uvicorn.run(
        factory,
        factory=True,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,  # the application writes its own, sampled (luojiang.app.observability)
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
