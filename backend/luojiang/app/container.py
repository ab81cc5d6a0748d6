"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

from pathlib import Path

import httpx

from luojiang.adapters.http import platform_client
from luojiang.api.services import Services
from luojiang.app.logins import build_login_ports
from luojiang.app.payments_wiring import build_payments
from luojiang.core.cache import create_redis
from luojiang.core.identity.service import build_identity
from luojiang.core.settings import Settings
from luojiang.core.storage.local import LocalStorage


def build_services(settings: Settings, http_transport: httpx.AsyncBaseTransport | None = None) -> Services:
    """``http_transport`` replaces the network for every outside platform (tests pass their fakes)."""
    redis = create_redis(settings)
    http = platform_client(http_transport)
    payments = build_payments(settings, redis, http)
    return Services(
        settings=settings,
        redis=redis,
        platform_http=http,
        identity=build_identity(settings, redis, build_login_ports(settings, redis, http)),
        storage=build_storage(settings),
        payments=payments.payments,
        refunds=payments.refunds,
        payment_notifications=payments.desk,
    )


def build_storage(settings: Settings) -> LocalStorage:
    return LocalStorage(Path(settings.storage_local_root), settings.public_base_url)


async def close_services(services: Services) -> None:
    await services.redis.aclose()
    await services.platform_http.aclose()
