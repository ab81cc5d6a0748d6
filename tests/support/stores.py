"""Test stores: a throwaway database (SQLite file, or a fresh PostgreSQL database when
``TEST_DATABASE_URL`` is set) and a Redis (in-process, or a numbered database of the server at
``TEST_REDIS_URL``)."""

from __future__ import annotations

import asyncio
import os
import random
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from tests.support.waiting import until

ON_SERVERS = bool(os.environ.get("TEST_DATABASE_URL"))


@asynccontextmanager
async def throwaway_database(tmp: Path) -> AsyncIterator[str]:
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite://{tmp / 'test.sqlite3'}"
        return
    name = f"luojiang_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_with_database(server_url, "postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield _with_database(server_url, name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def throwaway_redis_url() -> str | None:
    """The database ``TEST_REDIS_URL`` names (``redis://host:6379/5``); a URL naming none gets
    ``TEST_REDIS_DB`` or a number of its own, 1-15, so that parallel runs on one server do not
    collide (the suite flushes its database)."""
    server_url = os.environ.get("TEST_REDIS_URL")
    if not server_url:
        return None
    parts = urlsplit(server_url)
    if parts.path.strip("/"):
        return server_url
    db = int(os.environ.get("TEST_REDIS_DB", random.randint(1, 15)))
    return urlunsplit(parts._replace(path=f"/{db}"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class OwnRedis:
    """A redis-server of the test's own on a spare port, started and stopped by pid (the shared
    server on 6379 is never touched). ``stop`` then ``start`` is a restart that lost every key."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            stdout=asyncio.subprocess.DEVNULL,
        )
        await until(self._answers)

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    async def _answers(self) -> bool:
        client = aioredis.Redis.from_url(self.url)
        try:
            return bool(await client.ping())
        except (RedisError, OSError):
            return False
        finally:
            await client.aclose()


@asynccontextmanager
async def own_redis() -> AsyncIterator[OwnRedis]:
    server = OwnRedis()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
