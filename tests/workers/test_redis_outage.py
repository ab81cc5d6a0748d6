"""``luojiang worker`` and ``luojiang scheduler`` wait out a Redis outage and carry on when it is
back, instead of exiting (each test runs its own redis-server and stops it by pid)."""

from __future__ import annotations

import asyncio
import signal
import uuid

import pytest
from tests.support.processes import LUOJIANG, environment_of
from tests.support.stores import OwnRedis, own_redis
from tests.support.waiting import GUARD

from luojiang.core.settings import Settings


async def _line_with(process: asyncio.subprocess.Process, text: str) -> None:
    """Reads the process's log until a line holds ``text``."""
    assert process.stderr is not None
    async with asyncio.timeout(GUARD):
        while True:
            line = await process.stderr.readline()
            assert line, "the process ended its log: it exited"
            if text in line.decode():
                return


async def _outage_and_back(redis: OwnRedis, settings: Settings, command: str, ready: str) -> int | None:
    env = environment_of(settings, REDIS_URL=redis.url, JOBS_STREAM=f"outage:{uuid.uuid4().hex}")
    process = await asyncio.create_subprocess_exec(LUOJIANG, command, env=env, stderr=asyncio.subprocess.PIPE)
    try:
        await _line_with(process, ready)
        await redis.stop()
        await _line_with(process, "Redis unreachable")
        await redis.start()
        await _line_with(process, ready)  # it reconnected and took up its work again
        running = process.returncode
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), GUARD)
    return running


@pytest.mark.parametrize(
    ("command", "ready"), [("worker", "worker listening"), ("scheduler", "scheduler is the leader")]
)
async def test_the_process_waits_for_redis_and_carries_on(
    settings: Settings, app: object, command: str, ready: str
) -> None:
    async with own_redis() as redis:
        assert await _outage_and_back(redis, settings, command, ready) is None
