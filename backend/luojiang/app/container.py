"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

import httpx

from luojiang.api.services import Services
from luojiang.app.payments_wiring import build_payments
from luojiang.core.cache import create_redis
from luojiang.core.settings import Settings


def build_services(settings: Settings, platform_http: httpx.AsyncClient | None = None) -> Services:
    redis = create_redis(settings)
    payments = build_payments(settings, redis, platform_http)
    return Services(
        settings=settings,
        redis=redis,
        payments=payments.payments,
        refunds=payments.refunds,
        payment_notifications=payments.desk,
        platform_http=payments.http,
    )


async def close_services(services: Services) -> None:
    await services.redis.aclose()
    await services.platform_http.aclose()
