"""The scale proof (DESIGN 3.3): two gateway processes and one worker on one PostgreSQL and one
Redis. A job queued through one gateway is run by the worker, and an edit made through one gateway
is seen by the other's public query (the response cache is invalidated everywhere)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from tests.conftest import SAMPLE_CATALOGUE
from tests.support.stores import free_port, throwaway_database, throwaway_redis_url
from tests.support.waiting import until

from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.identity.signing_keys import generate_pem, parse_keys

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

LUOJIANG = str(Path(sys.executable).with_name("luojiang"))
AREA = "LJ-JQ-BMG"
QUEUE = 'mutation { queueGuideCodes(area: "LJ-JQ-BMG", kind: "url") { jobId errors { code } } }'
EDIT = """mutation($t: String!) {
  editGuideNarration(code: "9AYYC972", language: "en", text: $t) { errors { code } } }"""
# the point 9AYYC972 is LJ-JQ-BMG-P06 庞统墓
READ = '{ guidePoint(code: "9AYYC972") { narration(language: "en") { text } } }'


@pytest.fixture
async def environment(tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    async with throwaway_database(tmp_path) as database_url:
        redis_url = throwaway_redis_url()
        assert redis_url is not None
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "TOKEN_SIGNING_KEYS": generate_pem(),
            "JOBS_STREAM": f"scale-jobs:{tmp_path.name}",
        }
        await _luojiang(env, "migrate")
        await _luojiang(env, "import-catalogue", str(SAMPLE_CATALOGUE))
        yield env


async def _luojiang(env: dict[str, str], *arguments: str) -> None:
    process = await asyncio.create_subprocess_exec(LUOJIANG, *arguments, env=env)
    assert await asyncio.wait_for(process.wait(), 300) == 0


@pytest.fixture
def processes(environment: dict[str, str]) -> Iterator[tuple[str, str]]:
    ports = (free_port(), free_port())
    started: list[subprocess.Popen[bytes]] = []
    try:
        for port in ports:
            env = {**environment, "PORT": str(port), "HOST": "127.0.0.1"}
            started.append(subprocess.Popen([LUOJIANG, "serve"], env=env))  # noqa: S603
        started.append(subprocess.Popen([LUOJIANG, "worker"], env=environment))  # noqa: S603
        yield (f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}")
    finally:
        for process in started:
            process.kill()
            process.wait(timeout=10)


def admin_token(environment: dict[str, str]) -> str:
    tokens = AccessTokens(
        keys=parse_keys(environment["TOKEN_SIGNING_KEYS"]), issuer="luojiang-gateway", ttl_seconds=600
    )
    return tokens.issue(
        Principal(person_id=1, session_id="s-scale", assurance=Assurance.L2, channel="web", is_admin=True)
    )


async def post(
    client: httpx.AsyncClient, base: str, query: str, token: str | None = None, **variables: Any
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    reply = await client.post(
        f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    return reply.json()


async def test_two_gateways_and_a_worker_share_jobs_and_the_response_cache(
    environment: dict[str, str], processes: tuple[str, str]
) -> None:
    a, b = processes
    token = admin_token(environment)
    async with httpx.AsyncClient(timeout=10) as client:

        async def both_ready() -> bool:
            try:
                statuses = [(await client.get(f"{base}/readyz")).status_code for base in (a, b)]
            except httpx.TransportError:
                return False
            return statuses == [200, 200]

        await until(both_ready, guard=60)
        before = await post(client, a, READ)  # cached on A
        queued = await post(client, a, QUEUE, token)
        assert queued["data"]["queueGuideCodes"]["errors"] == []
        edited = await post(client, b, EDIT, token, t="Pang Tong's tomb, edited through B")
        assert edited["data"]["editGuideNarration"]["errors"] == []

        async def a_sees_the_edit() -> bool:
            text = (await post(client, a, READ))["data"]["guidePoint"]["narration"]["text"]
            return bool(text == "Pang Tong's tomb, edited through B")

        await until(a_sees_the_edit)
        database = await asyncpg.connect(environment["DATABASE_URL"])
        try:

            async def worker_made_the_codes() -> bool:
                pending = await database.fetchval(
                    "SELECT count(*) FROM tourism_guide_point p "
                    "JOIN tourism_scenic_area a ON a.id = p.area_id "
                    "LEFT JOIN tourism_qr_code q "
                    "ON q.point_id = p.id AND q.kind = 'url' AND q.status = 'ready' "
                    "WHERE a.code = $1 AND q.id IS NULL",
                    AREA,
                )
                return pending == 0

            await until(worker_made_the_codes, guard=60)
        finally:
            await database.close()
    assert before["data"]["guidePoint"]["narration"]["text"] != "Pang Tong's tomb, edited through B"
