"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

from luojiang.api.services import Services
from luojiang.core.cache import create_redis
from luojiang.core.settings import Settings
from luojiang.workers.engine import JobEngine
from luojiang.workers.resources import Resources


def build_services(settings: Settings) -> Services:
    redis = create_redis(settings)
    jobs = JobEngine(settings, Resources(settings=settings, redis=redis))
    return Services(settings=settings, redis=redis, jobs=jobs)


async def start_services(services: Services) -> None:
    await _engine(services).start()


async def close_services(services: Services) -> None:
    await _engine(services).stop()
    await services.redis.aclose()


def _engine(services: Services) -> JobEngine:
    assert isinstance(services.jobs, JobEngine)  # noqa: S101 -- built above, in this module
    return services.jobs
