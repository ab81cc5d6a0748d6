"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

from pathlib import Path

from luojiang.api.services import Services
from luojiang.core.cache import create_redis
from luojiang.core.settings import Settings
from luojiang.core.storage.local import LocalStorage


def build_services(settings: Settings) -> Services:
    return Services(settings=settings, redis=create_redis(settings), storage=build_storage(settings))


def build_storage(settings: Settings) -> LocalStorage:
    return LocalStorage(Path(settings.storage_local_root), settings.public_base_url)


async def close_services(services: Services) -> None:
    await services.redis.aclose()
