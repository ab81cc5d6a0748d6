"""The embedded SQLite commits without waiting for fsync (WAL + synchronous=NORMAL): a write is a
few hundred microseconds instead of a disk flush, which the verification page and every other
write path of the embedded gateway pay on each request."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from tests.support.stores import ON_SERVERS
from tortoise import connections

from luojiang.core.db import tortoise_config
from luojiang.core.settings import Settings


@pytest.mark.skipif(ON_SERVERS, reason="SQLite only")
async def test_the_embedded_database_runs_in_wal_with_normal_sync(app: Starlette) -> None:
    _, rows = await connections.get("default").execute_query("PRAGMA journal_mode")
    assert str(rows[0][0]).lower() == "wal"
    _, rows = await connections.get("default").execute_query("PRAGMA synchronous")
    assert rows[0][0] == 1  # NORMAL (FULL is 2)


def test_an_explicit_setting_in_the_url_wins(settings: Settings) -> None:
    own = settings.model_copy(update={"database_url": "sqlite:///tmp/x/db.sqlite3?synchronous=FULL"})
    assert tortoise_config(own)["connections"]["default"] == "sqlite:///tmp/x/db.sqlite3?synchronous=FULL"
    plain = settings.model_copy(update={"database_url": "sqlite:///tmp/x/db.sqlite3"})
    assert tortoise_config(plain)["connections"]["default"] == "sqlite:///tmp/x/db.sqlite3?synchronous=NORMAL"
