"""Embedded mode (jobs in the gateway process): stopping the engine lets running jobs finish before
the database closes, and cancels those still running after ``JOBS_DRAIN_SECONDS`` with one log
line and no traceback."""

from __future__ import annotations

import asyncio
import logging

import pytest
from tests.support.jobs import quick_job_settings, running_engine

from luojiang.core.settings import Settings

WAIT = 20  # seconds: a guard against hanging, never an assertion about speed


def embedded(settings: Settings, **overrides: object) -> Settings:
    return quick_job_settings(settings, redis_url=None, **overrides)


async def test_stopping_waits_for_a_running_job_to_finish(settings: Settings) -> None:
    started, finished = asyncio.Event(), asyncio.Event()

    async def short_job() -> None:
        started.set()
        await asyncio.sleep(0.3)
        finished.set()

    async with running_engine(
        embedded(settings, jobs_drain_seconds=WAIT), {"test.short": short_job}
    ) as engine:
        await engine.enqueue("test.short")
        await asyncio.wait_for(started.wait(), WAIT)
    assert finished.is_set()


async def test_a_job_still_running_after_the_drain_is_cancelled_with_one_log_line(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()
    attempts: list[int] = []

    async def stuck_job() -> None:
        attempts.append(1)
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    quick = embedded(settings, jobs_drain_seconds=0.2)
    caplog.set_level(logging.WARNING)
    async with asyncio.timeout(WAIT):
        async with running_engine(quick, {"test.stuck": stuck_job}) as engine:
            await engine.enqueue("test.stuck")
            await asyncio.wait_for(started.wait(), WAIT)
            caplog.clear()
    assert cancelled.is_set()
    assert attempts == [1]  # not retried
    # only the engine's records: the session gateway's scheduled jobs (payment sweeps, outbox) run
    # meanwhile and may log warnings of their own
    engine_lines = [r for r in caplog.records if r.name == "luojiang.workers.engine"]
    [line] = [r for r in engine_lines if r.levelno >= logging.WARNING]
    assert (line.getMessage(), line.cancelled_jobs, line.exc_info) == (  # type: ignore[attr-defined]
        "jobs still running at stop were cancelled",
        1,
        None,
    )
