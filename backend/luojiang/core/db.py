"""Tortoise ORM wiring shared by the gateway, the workers, the CLI and the tests."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.migrations.api import migrate as run_migrations
from tortoise.transactions import in_transaction

from luojiang.core.apps import DOMAIN_APPS
from luojiang.core.settings import Settings


def tortoise_config(settings: Settings) -> dict[str, Any]:
    apps = {
        label: {
            "models": [f"luojiang.core.{label}.models"],
            "migrations": f"luojiang.core.{label}.migrations",
            "default_connection": "default",
        }
        for label in DOMAIN_APPS
    }
    return {
        "connections": {"default": _connection(settings)},
        "apps": apps,
        "use_tz": True,
        "timezone": "UTC",
    }


def _connection(settings: Settings) -> str | dict[str, Any]:
    url = settings.database_url
    if url.startswith("sqlite://") and url != "sqlite://:memory:":
        path, _, query = url.removeprefix("sqlite://").partition("?")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if "synchronous=" in query:
            return url
        # WAL (Tortoise's default) with synchronous=NORMAL: a commit no longer waits for fsync, the
        # database stays consistent, and only the last commits before a power cut may be lost; the
        # embedded store is for one machine, and production runs on PostgreSQL
        return f"{url}{'&' if query else '?'}synchronous=NORMAL"
    if url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        separator = "&" if "?" in url else "?"
        return f"{url}{separator}maxsize={settings.database_pool_max}"
    return url


async def open_database(settings: Settings) -> None:
    # The global fallback makes the context visible to request tasks started after a Starlette
    # lifespan (the Tortoise 1.x ContextVar trap, ref/graphql.md 3.2).
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)


async def close_database() -> None:
    # closes the connections and clears the global context, so that the database can be opened
    # again in this process (a worker that waited out a Redis outage starts over)
    await Tortoise.close_connections()


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[None]:
    await open_database(settings)
    try:
        yield
    finally:
        await close_database()


async def migrate(settings: Settings) -> None:
    """Apply every pending migration of every domain app."""
    try:
        await run_migrations(config=tortoise_config(settings))
    finally:
        # aiosqlite's worker thread would keep the process alive after asyncio.run() returns
        await close_database()


AfterCommit = Callable[[], Awaitable[object]]
# the callbacks of the innermost open ``transaction()`` of this task; None outside any
_after_commit: ContextVar[list[AfterCommit] | None] = ContextVar("after_commit", default=None)
log = logging.getLogger(__name__)


@asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """One unit of work: the repository calls inside ``async with db.transaction():`` commit together
    or not at all. A service decides where its unit of work begins and ends; its repository holds
    the queries.

    Callbacks given to :func:`after_commit` inside it run once the outermost one has committed (a
    nested one that rolls back drops its own), never when it rolls back."""
    outer = _after_commit.get()
    callbacks: list[AfterCommit] = []
    token = _after_commit.set(callbacks)
    try:
        async with in_transaction() as connection:
            yield connection
    finally:
        _after_commit.reset(token)
    if outer is not None:
        outer.extend(callbacks)
        return
    for callback in callbacks:
        await _run_after_commit(callback)


async def after_commit(callback: AfterCommit) -> None:
    """Run ``callback`` once the caller's ``transaction()`` commits, or now outside any. A side
    effect (queueing a job) that must not be seen before the data it refers to goes here."""
    pending = _after_commit.get()
    if pending is None:
        await _run_after_commit(callback)
    else:
        pending.append(callback)


async def _run_after_commit(callback: AfterCommit) -> None:
    # the data is committed: a callback's failure (Redis down) must not fail the request that
    # committed it; whatever it was to start, a periodic sweep starts later
    try:
        await callback()
    except Exception:
        log.warning("after-commit callback failed; the periodic sweep will catch up", exc_info=True)


async def ping() -> bool:
    await connections.get("default").execute_query("SELECT 1")
    return True


def __getattr__(name: str) -> Any:
    # For Tortoise's own CLI (``make migrations``): ``tortoise -c luojiang.core.db.TORTOISE_ORM ...``
    if name == "TORTOISE_ORM":
        from luojiang.core.settings import load_settings

        return tortoise_config(load_settings())
    raise AttributeError(name)
