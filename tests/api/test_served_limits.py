"""A real ``luojiang serve`` process keeps answering while hostile documents arrive: the refusal
of a fragment bomb is cheap enough that /healthz never waits behind it."""

from __future__ import annotations

import asyncio

import httpx
from tests.support import hostile
from tests.support.processes import environment_of, serving
from tests.support.waiting import GUARD

from luojiang.core.settings import Settings

BOMBERS = 4
HEALTH_CHECKS = 20


async def test_healthz_answers_while_fragment_bombs_are_sent_repeatedly(
    settings: Settings, app: object
) -> None:
    env = environment_of(settings, RATE_LIMIT_PER_IP_PER_MINUTE="0", RATE_LIMIT_PER_USER_PER_MINUTE="0")
    bomb = {"query": hostile.fragment_bomb(20)}
    refusals: list[str] = []
    health: list[int] = []
    async with serving(env) as (base,), httpx.AsyncClient(base_url=base, timeout=GUARD) as client:
        done = asyncio.Event()

        async def bomb_repeatedly() -> None:
            while not done.is_set():
                reply = await client.post("/graphql", json=bomb)
                refusals.append(reply.json()["errors"][0]["extensions"]["code"])

        bombers = [asyncio.create_task(bomb_repeatedly()) for _ in range(BOMBERS)]
        try:
            # health is asked until both enough checks and enough bombs went through: interleaved
            while len(health) < HEALTH_CHECKS or len(refusals) < 10 * BOMBERS:
                health.append((await client.get("/healthz")).status_code)
        finally:
            done.set()
            await asyncio.gather(*bombers)

    assert set(health) == {200}
    assert set(refusals) == {"QUERY_TOO_COMPLEX"}
