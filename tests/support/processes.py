"""Gateway processes as production runs them: ``luojiang serve`` (and its siblings) in a subprocess
on a free port, started with an environment of the test's choosing and stopped by pid."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from luojiang.core.settings import Settings
from tests.support.stores import free_port
from tests.support.waiting import until

LUOJIANG = str(Path(sys.executable).with_name("luojiang"))


def environment_of(settings: Settings, **extra: str) -> dict[str, str]:
    """An environment for a process on the session's stores (its database is already migrated);
    ``extra`` overrides any of it."""
    env = {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": settings.database_url,
        "LOG_JSON": "false",
        "JOBS_SCHEDULE_IN_PROCESS": "false",
        # a stream of its own: the session's consumer group on the default stream is the session's
        "JOBS_STREAM": f"test-jobs:{uuid.uuid4().hex}",
    }
    env.pop("REDIS_URL", None)
    if settings.redis_url:
        env["REDIS_URL"] = settings.redis_url
    return {**env, **extra}


async def luojiang(env: Mapping[str, str], *arguments: str) -> None:
    """Runs a ``luojiang`` command to its end; it must succeed."""
    process = await asyncio.create_subprocess_exec(LUOJIANG, *arguments, env=dict(env))
    assert await asyncio.wait_for(process.wait(), 300) == 0


async def answers(client: httpx.AsyncClient, url: str) -> bool:
    try:
        return (await client.get(url)).status_code == 200
    except httpx.TransportError:
        return False


async def _ready(client: httpx.AsyncClient, process: asyncio.subprocess.Process, base: str) -> bool:
    assert process.returncode is None, f"luojiang serve exited with {process.returncode}"
    return await answers(client, f"{base}/healthz")


@asynccontextmanager
async def serving(
    env: Mapping[str, str], count: int = 1, command: tuple[str, ...] = (LUOJIANG,), cwd: Path | None = None
) -> AsyncIterator[list[str]]:
    """``count`` gateway processes (``command serve``) on free ports; yields their base URLs once
    each answers /healthz, and kills them by pid at the end."""
    started: list[asyncio.subprocess.Process] = []
    bases = []
    try:
        for _ in range(count):
            port = free_port()
            process_env = {**env, "PORT": str(port), "HOST": "127.0.0.1"}
            started.append(await asyncio.create_subprocess_exec(*command, "serve", env=process_env, cwd=cwd))
            bases.append(f"http://127.0.0.1:{port}")
        async with httpx.AsyncClient(timeout=5) as client:
            for process, base in zip(started, bases, strict=True):
                await until(lambda: _ready(client, process, base), guard=60)  # noqa: B023 -- awaited here
        yield bases
    finally:
        for process in started:
            if process.returncode is None:
                process.kill()
            await asyncio.wait_for(process.wait(), 10)
