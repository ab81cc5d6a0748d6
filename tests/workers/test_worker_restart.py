"""A job a stopping worker had fetched but not started runs on the next worker at once, not
``JOBS_RECLAIM_IDLE_SECONDS`` later: a read takes up to ``JOBS_CONCURRENCY`` messages from the
stream, and those still waiting for a free slot when the worker stops are handed back."""

from __future__ import annotations

import asyncio
from collections import defaultdict

import pytest
from tests.support.jobs import quick_job_settings
from tests.support.waiting import until

from luojiang.core.cache import create_redis
from luojiang.core.settings import Settings
from luojiang.workers.engine import JobEngine, serve_jobs
from luojiang.workers.resources import Resources

pytestmark = pytest.mark.redis

WAIT = 20  # seconds: a guard against hanging, far below the reclaim time


async def test_a_job_fetched_by_a_stopping_worker_but_not_started_runs_on_the_next_worker(
    settings: Settings,
) -> None:
    quick = quick_job_settings(settings, jobs_concurrency=2, jobs_reclaim_idle_seconds=120.0)
    redis = create_redis(quick)
    started: list[str] = []
    release: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)

    async def hold(name: str) -> None:
        started.append(name)
        await release[name].wait()

    def engine() -> JobEngine:
        built = JobEngine(quick, Resources(settings=quick, redis=redis))
        built.broker.register_task(hold, task_name="test.hold")
        return built

    first, second = engine(), engine()
    await first.start()
    stop_first, stop_second = asyncio.Event(), asyncio.Event()
    workers = [asyncio.create_task(serve_jobs(first, stop_first))]
    try:
        for name in ("h1", "h2"):
            await first.enqueue("test.hold", name=name)
        await until(lambda: _equals(started, ["h1", "h2"]))  # both slots busy: nothing more is read
        for name in ("h3", "h4"):
            await first.enqueue("test.hold", name=name)
        release["h1"].set()  # one slot frees: one read takes h3 and h4, h3 starts, h4 waits
        await until(lambda: _equals(started[2:], ["h3"]))
        stop_first.set()
        for name in ("h2", "h3", "h4"):
            release[name].set()
        await asyncio.wait(workers, timeout=5)  # see tests/support/jobs.py

        await second.start()
        workers.append(asyncio.create_task(serve_jobs(second, stop_second)))
        await until(lambda: _equals(started[3:], ["h4"]), guard=WAIT)
    finally:
        stop_first.set()
        stop_second.set()
        await asyncio.wait(workers, timeout=5)
        await first.stop()
        await second.stop()
        await redis.delete(quick.jobs_stream)
        await redis.aclose()

    assert started == ["h1", "h2", "h3", "h4"]


async def _equals(value: object, expected: object) -> bool:
    return value == expected
