"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

from luojiang.api.services import Services
from luojiang.core.cache import create_redis
from luojiang.core.settings import Settings


def build_services(settings: Settings) -> Services:
    return Services(settings=settings, redis=create_redis(settings))


async def close_services(services: Services) -> None:
    await services.redis.aclose()
