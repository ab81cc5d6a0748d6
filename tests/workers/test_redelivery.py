"""A job survives its worker being killed mid-job (DESIGN 2.8): Redis Streams consumer groups keep
the message pending until acknowledged, and another worker reclaims it once idle long enough."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from redis.asyncio import Redis
from tests.support.jobs import quick_job_settings
from tests.support.waiting import until

from luojiang.core.cache import create_redis
from luojiang.core.settings import Settings
from luojiang.workers.engine import JobEngine, serve_jobs
from luojiang.workers.resources import Resources

pytestmark = pytest.mark.redis

WORKER = Path(__file__).resolve().parents[1] / "support" / "stalling_worker.py"
WAIT = 30  # seconds: a guard against hanging, never an assertion about speed


async def test_a_job_taken_by_a_worker_killed_before_ack_is_run_by_another_worker(settings: Settings) -> None:
    quick = quick_job_settings(
        settings, jobs_timeout_seconds=2.0, jobs_retry_max_seconds=0.05, jobs_reclaim_idle_seconds=3.0
    )
    redis = create_redis(quick)
    survivor = JobEngine(quick, Resources(settings=quick, redis=redis))
    finished: list[str] = []
    done = asyncio.Event()

    async def stalls(order: str) -> None:
        finished.append(order)
        done.set()

    survivor.broker.register_task(stalls, task_name="test.stalls")
    await survivor.start()
    doomed = _start_stalling_worker(quick)
    serving: asyncio.Task[None] | None = None
    stop = asyncio.Event()
    try:
        await survivor.enqueue("test.stalls", job_id="job-order-7", order="order-7")
        await until(lambda: redis.exists(f"{quick.jobs_stream}:taken"))
        doomed.kill()  # SIGKILL: no cleanup, no acknowledgement
        doomed.wait()
        assert finished == []

        serving = asyncio.create_task(serve_jobs(survivor, stop))
        await asyncio.wait_for(done.wait(), WAIT)
        await until(lambda: _nothing_pending(redis, quick.jobs_stream))  # acknowledged after the job
    finally:
        doomed.kill()
        if serving is not None:
            stop.set()
            await asyncio.wait([serving], timeout=5)  # see tests/support/jobs.py
        await survivor.stop()
        await redis.delete(quick.jobs_stream, f"{quick.jobs_stream}:taken")
        await redis.aclose()

    assert finished == ["order-7"]


async def _nothing_pending(redis: Redis, stream: str) -> bool:
    summary = await redis.xpending(stream, "luojiang-workers")
    return summary["pending"] == 0


def _start_stalling_worker(settings: Settings) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ENVIRONMENT": "test",
        "REDIS_URL": str(settings.redis_url),
        "DATABASE_URL": "sqlite://:memory:",
        "JOBS_STREAM": settings.jobs_stream,
        "JOBS_TIMEOUT_SECONDS": "60",
        "JOBS_RECLAIM_IDLE_SECONDS": "600",
    }
    return subprocess.Popen([sys.executable, str(WORKER)], env=env)  # noqa: S603 -- our own script
