"""The scale proof (DESIGN 3.3): two gateway processes and one worker on one PostgreSQL and one
Redis. A job queued through one gateway is run by the worker, an edit made through one gateway is
seen by the other's public query (the response cache is invalidated everywhere), and a subscriber
connected to one gateway hears the catalogue change made through the other (the worker announces
it through Redis pub/sub)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis
from tests.conftest import SAMPLE_CATALOGUE
from tests.support.stores import free_port, throwaway_database, throwaway_redis_url
from tests.support.waiting import GUARD, until
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from luojiang.core.catalogue.changes import ANNOUNCED_KEY, CATALOGUE_CHANGED
from luojiang.core.events import Broadcaster
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
SAVE = "mutation($m: JSON!) { saveMatter(matter: $m) { errors { code field } } }"
PROTOCOL = Subprotocol("graphql-transport-ws")
SUBSCRIBE = {
    "id": "1",
    "type": "subscribe",
    "payload": {"query": "subscription { catalogueChanged { version matters } }"},
}


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
            # of this run only: a stream left by an earlier run would hold its unacknowledged jobs
            "JOBS_STREAM": f"scale-jobs:{uuid.uuid4().hex}",
        }
        await _luojiang(env, "migrate")
        await _luojiang(env, "import-catalogue", str(SAMPLE_CATALOGUE))
        try:
            yield env
        finally:
            async with Redis.from_url(redis_url) as redis:
                await redis.delete(env["JOBS_STREAM"], ANNOUNCED_KEY)


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


async def both_ready(client: httpx.AsyncClient, *bases: str) -> bool:
    try:
        statuses = [(await client.get(f"{base}/readyz")).status_code for base in bases]
    except httpx.TransportError:
        return False
    return statuses == [200] * len(bases)


async def test_two_gateways_and_a_worker_share_jobs_and_the_response_cache(
    environment: dict[str, str], processes: tuple[str, str]
) -> None:
    a, b = processes
    token = admin_token(environment)
    async with httpx.AsyncClient(timeout=10) as client:
        await until(lambda: both_ready(client, a, b), guard=60)
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


async def test_a_subscriber_on_one_gateway_hears_a_catalogue_edit_made_through_the_other(
    environment: dict[str, str], processes: tuple[str, str]
) -> None:
    a, b = processes
    matters = json.loads((SAMPLE_CATALOGUE / "matters.json").read_text("utf-8"))
    dog_licence = next(row for row in matters if row["code"] == "LJ-ZHZFJ-004")
    # content no earlier run had: the announcement is skipped when the catalogue's digest equals
    # the last one announced, and the Redis database outlives each run's PostgreSQL database
    edit = {**dog_licence, "name": f"养犬登记 {uuid.uuid4().hex[:8]}"}
    async with (
        httpx.AsyncClient(timeout=10) as client,
        Redis.from_url(environment["REDIS_URL"]) as redis,
    ):
        await until(lambda: both_ready(client, a, b), guard=60)
        channel = Broadcaster(redis).channel(CATALOGUE_CHANGED)
        before = await _subscribers(redis, channel)
        async with connect(f"ws{a.removeprefix('http')}/graphql", subprotocols=[PROTOCOL]) as socket:
            # catalogueChanged is public: an anonymous connection, as a mini-program opens it
            await socket.send(
                json.dumps({"type": "connection_init", "payload": {"channel": "wechat-miniprogram"}})
            )
            ack = json.loads(await asyncio.wait_for(socket.recv(), GUARD))
            await socket.send(json.dumps(SUBSCRIBE))
            await until(lambda: _more(_subscribers(redis, channel), before))  # A listens on Redis
            saved = await post(client, b, SAVE, admin_token(environment), m=edit)
            event = json.loads(await asyncio.wait_for(socket.recv(), GUARD))
        version = event["payload"]["data"]["catalogueChanged"]["version"]
        # the worker remembers what it announced just after publishing: the event is its own
        await until(lambda: _equals(redis.get(ANNOUNCED_KEY), version.encode()))

    assert ack == {"type": "connection_ack"}
    assert saved["data"]["saveMatter"]["errors"] == []
    assert (event["id"], event["type"]) == ("1", "next")
    assert event["payload"]["data"] == {"catalogueChanged": {"version": version, "matters": len(matters)}}
    assert len(version) == 16


async def _subscribers(redis: Redis, channel: str) -> int:
    counts: list[tuple[bytes, int]] = await redis.pubsub_numsub(channel)
    return counts[0][1]


async def _more(count: Awaitable[int], than: int) -> bool:
    return await count > than


async def _equals(value: Awaitable[object], expected: object) -> bool:
    return await value == expected
