"""A worker process that takes ``test.stalls`` jobs and never finishes them (the test kills it).

Settings come from the environment like any worker's (REDIS_URL, JOBS_STREAM, ...)."""

from __future__ import annotations

import asyncio

from luojiang.core.cache import create_redis
from luojiang.core.settings import load_settings
from luojiang.workers.engine import JobEngine, serve_jobs
from luojiang.workers.resources import Resources


async def main() -> None:
    settings = load_settings()
    redis = create_redis(settings)
    engine = JobEngine(settings, Resources(settings=settings, redis=redis))

    async def stalls(order: str) -> None:
        await redis.set(f"{settings.jobs_stream}:taken", order)
        await asyncio.Event().wait()

    engine.broker.register_task(stalls, task_name="test.stalls")
    await engine.start()
    await serve_jobs(engine, asyncio.Event())


if __name__ == "__main__":
    asyncio.run(main())
