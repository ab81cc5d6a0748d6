"""A job engine of its own for a test: in-process (embedded) or a worker on the test Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from luojiang.core.cache import create_redis
from luojiang.core.settings import Settings
from luojiang.workers.engine import JobEngine, serve_jobs
from luojiang.workers.resources import Resources


def quick_job_settings(settings: Settings, **overrides: Any) -> Settings:
    """Short retry waits and reclaim time, and a stream of the test's own."""
    values: dict[str, Any] = {
        "jobs_stream": f"test-jobs:{uuid.uuid4().hex[:8]}",
        "jobs_retry_base_seconds": 0.01,
        "jobs_retry_max_seconds": 0.05,
        "jobs_timeout_seconds": 5.0,
        "jobs_reclaim_idle_seconds": 6.0,
        "jobs_schedule_in_process": False,
        **overrides,
    }
    return settings.model_copy(update=values)


@asynccontextmanager
async def running_engine(
    settings: Settings, jobs: dict[str, Callable[..., Awaitable[Any]]] | None = None
) -> AsyncIterator[JobEngine]:
    """The engine with ``jobs`` added; on Redis a worker task consumes its stream meanwhile."""
    redis = create_redis(settings)
    engine = JobEngine(settings, Resources(settings=settings, redis=redis))
    for name, function in (jobs or {}).items():
        engine.broker.register_task(function, task_name=name, retry_on_error=True)
    await engine.start()
    stop = asyncio.Event()
    worker = asyncio.create_task(serve_jobs(engine, stop)) if settings.redis_url else None
    try:
        yield engine
    finally:
        if worker is not None:
            stop.set()
            # not awaited to the end: redis-py 8.1 can hang when a read it is setting up a
            # connection for is cancelled, which the receiver's stop does (see the README)
            await asyncio.wait([worker], timeout=5)
            await redis.delete(settings.jobs_stream)
        await engine.stop()
        await redis.aclose()
