"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

import logging

import httpx

from luojiang.api.services import Services
from luojiang.app.logins import build_login_ports, outside_http_client
from luojiang.core.cache import create_redis
from luojiang.core.identity.service import build_identity
from luojiang.core.settings import Settings


def build_services(settings: Settings, http_transport: httpx.AsyncBaseTransport | None = None) -> Services:
    """``http_transport`` replaces the network for every outside platform (tests pass their fakes)."""
    # httpx logs every URL at INFO, and platform URLs carry codes, secrets and tokens in the query
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    redis = create_redis(settings)
    outside_http = outside_http_client(http_transport)
    return Services(
        settings=settings,
        redis=redis,
        identity=build_identity(settings, redis, build_login_ports(settings, redis, outside_http)),
        outside_http=outside_http,
    )


async def close_services(services: Services) -> None:
    await services.outside_http.aclose()
    await services.redis.aclose()
