"""Test stores: a throwaway database (SQLite file, or a fresh PostgreSQL database when
``TEST_DATABASE_URL`` is set) and a Redis (in-process, or a numbered database of the server at
``TEST_REDIS_URL``)."""

from __future__ import annotations

import os
import random
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

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
    """A Redis database number of its own, so that parallel runs on one server do not collide."""
    server_url = os.environ.get("TEST_REDIS_URL")
    if not server_url:
        return None
    db = int(os.environ.get("TEST_REDIS_DB", random.randint(1, 15)))
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{db}"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
