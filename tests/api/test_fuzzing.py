"""A bounded schemathesis run over every root field of the schema, anonymous and signed in as an
administrator: whatever arguments Hypothesis makes up, no response is a 5xx and no error is
``INTERNAL_SERVER_ERROR``.

The gateway is a ``luojiang serve`` process on a database of its own (SQLite, or a fresh
PostgreSQL database in the server pass, where NUL characters and 64-bit keys used to reach the
driver), so that the made-up writes never reach the session's data. Its Redis is the in-process one
in both passes: made-up searches must not reach the hot-search counts other tests read. The seed is
fixed (``derandomize``): a run is the same run every time.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes
from tests.support.processes import environment_of, luojiang, serving
from tests.support.stores import throwaway_database

from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.identity.signing_keys import generate_pem, parse_keys
from luojiang.core.settings import Settings

EXAMPLES_PER_FIELD = 3
SESSION = "00000000-0000-0000-0000-000000000001"
SEED = [
    "INSERT INTO identity_person (id, assurance_level, assurance_source, created_at) "
    "VALUES (1, 3, 'fuzz', CURRENT_TIMESTAMP)",
    "INSERT INTO identity_administrator (person_id, created_at) VALUES (1, CURRENT_TIMESTAMP)",
    "INSERT INTO identity_login_session (id, person_id, channel, revoke_reason, created_at) "
    "VALUES ('00000000-0000-0000-0000-000000000001', 1, 'app', '', CURRENT_TIMESTAMP)",
]
# Strawberry's JSON scalar takes any literal; strings and integers are what the admin inputs get
schemathesis.graphql.scalar("JSON", st.one_of(st.text().map(nodes.String), st.integers().map(nodes.Int)))


@dataclass
class Run:
    examples: int = 0
    failures: list[tuple[str, int, str]] = field(default_factory=list)


@pytest.fixture
async def fuzzed(settings: Settings, tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    """The base URL of a gateway on a database of its own, and an administrator's token for it."""
    keys = generate_pem()
    async with throwaway_database(tmp_path) as database_url:
        env = environment_of(
            settings,
            DATABASE_URL=database_url,
            TOKEN_SIGNING_KEYS=keys,
            RATE_LIMIT_PER_IP_PER_MINUTE="0",
            RATE_LIMIT_PER_USER_PER_MINUTE="0",
        )
        env.pop("REDIS_URL", None)
        await luojiang(env, "migrate")
        await _seed(database_url)
        token = AccessTokens(keys=parse_keys(keys), issuer=settings.token_issuer, ttl_seconds=3600).issue(
            Principal(person_id=1, session_id=SESSION, assurance=Assurance.L3, channel="app", is_admin=True)
        )
        async with serving(env) as (base,):
            yield base, token


async def _seed(database_url: str) -> None:
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as database:
            for statement in SEED:
                database.execute(statement)
        return
    database = await asyncpg.connect(database_url)
    try:
        for statement in SEED:
            await database.execute(statement)
    finally:
        await database.close()


def _fuzz(base: str, headers: dict[str, str]) -> Run:
    run = Run()
    schema = schemathesis.graphql.from_url(f"{base}/graphql")
    for result in schema.get_all_operations():
        _fuzz_field(result.ok(), headers, run)
    return run


def _fuzz_field(operation: Any, headers: dict[str, str], run: Run) -> None:
    @settings(
        max_examples=EXAMPLES_PER_FIELD,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def call(case: Any) -> None:
        run.examples += 1
        response = case.call(headers=headers)
        codes = {error.get("extensions", {}).get("code") for error in _errors(response)}
        if response.status_code >= 500 or "INTERNAL_SERVER_ERROR" in codes:
            run.failures.append((operation.label, response.status_code, str(case.body)[:500]))

    call()


def _errors(response: Any) -> list[dict[str, Any]]:
    try:
        body = response.json()
    except ValueError:
        return []
    errors = body.get("errors") if isinstance(body, dict) else None
    return errors if isinstance(errors, list) else []


async def test_made_up_arguments_never_cause_a_server_error(fuzzed: tuple[str, str]) -> None:
    base, token = fuzzed
    anonymous = await asyncio.to_thread(_fuzz, base, {})
    administrator = await asyncio.to_thread(_fuzz, base, {"Authorization": f"Bearer {token}"})

    assert anonymous.failures == []
    assert administrator.failures == []
    # every root field was tried, anonymous and signed in: the run is not vacuous
    assert min(anonymous.examples, administrator.examples) >= 50 * EXAMPLES_PER_FIELD
