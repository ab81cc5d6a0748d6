"""The test stores honour what the developer asked for: the Redis database ``TEST_REDIS_URL`` names
is the one the suite uses (and flushes); a URL naming none gets a database of its own."""

from __future__ import annotations

import pytest
from tests.support.stores import throwaway_redis_url


def test_the_database_number_in_test_redis_url_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
    monkeypatch.setenv("TEST_REDIS_DB", "3")
    assert throwaway_redis_url() == "redis://127.0.0.1:6379/7"
    monkeypatch.setenv("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    assert throwaway_redis_url() == "redis://127.0.0.1:6379/0"


def test_a_url_naming_no_database_takes_test_redis_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_REDIS_URL", "redis://127.0.0.1:6379")
    monkeypatch.setenv("TEST_REDIS_DB", "3")
    assert throwaway_redis_url() == "redis://127.0.0.1:6379/3"


def test_otherwise_a_database_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_REDIS_URL", "redis://127.0.0.1:6379/")
    monkeypatch.delenv("TEST_REDIS_DB", raising=False)
    chosen = {throwaway_redis_url() for _ in range(200)}
    assert chosen <= {f"redis://127.0.0.1:6379/{db}" for db in range(1, 16)}
    assert len(chosen) > 1


def test_no_url_means_the_in_process_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_REDIS_URL", raising=False)
    assert throwaway_redis_url() is None
