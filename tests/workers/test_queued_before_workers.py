"""A job queued before any worker has read the stream still runs once one does: the consumer group
is created reading the stream from its start (``build_broker``), not from its end (taskiq's "$"),
so jobs queued before the first worker, or after Redis lost its keys while workers restart, run."""

from __future__ import annotations

import asyncio

import pytest
from tests.support.jobs import quick_job_settings, running_engine

from luojiang.core.cache import create_redis
from luojiang.core.settings import Settings
from luojiang.workers.engine import JobEngine
from luojiang.workers.resources import Resources

pytestmark = pytest.mark.redis

WAIT = 20  # seconds: a guard against hanging, never an assertion about speed


async def test_a_job_queued_before_any_consumer_group_exists_runs_when_a_worker_starts(
    settings: Settings,
) -> None:
    quick = quick_job_settings(settings)
    redis = create_redis(quick)
    ran: list[str] = []
    done = asyncio.Event()

    async def note(order: str) -> None:
        ran.append(order)
        done.set()

    gateway = JobEngine(quick, Resources(settings=quick, redis=redis))
    gateway.broker.register_task(note, task_name="test.note")
    try:
        await gateway.enqueue("test.note", order="queued-first")  # no startup: the stream has no group
        assert await redis.xinfo_groups(quick.jobs_stream) == []
        async with running_engine(quick, {"test.note": note}):
            await asyncio.wait_for(done.wait(), WAIT)
    finally:
        await redis.delete(quick.jobs_stream)
        await redis.aclose()

    assert ran == ["queued-first"]
