"""(a) A public persisted query served from the response cache, against a bare Starlette endpoint
that returns the same bytes for the same GET request. Target: at least 0.5x its throughput."""

from __future__ import annotations

import orjson
import redis.asyncio as aioredis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.harness import compare, report
from bench.setup import client
from luojiang.api.protection.allow_list import OPERATIONS_DIR
from luojiang.api.protection.front_door import FrontDoor
from luojiang.api.protection.persisted import sha256_of
from luojiang.api.protection.rate_limit import Budget

OPERATION = OPERATIONS_DIR / "catalogue" / "Departments.graphql"
ACCEPT = {"accept": "application/graphql-response+json"}


def _params() -> dict[str, str]:
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": sha256_of(OPERATION.read_text("utf-8"))}}
    return {
        "operationName": "Departments",
        "variables": orjson.dumps({"first": 10}).decode(),
        "extensions": orjson.dumps(persisted).decode(),
    }


def _bare_app(body: bytes, content_type: str) -> Starlette:
    async def endpoint(_: Request) -> Response:
        return Response(body, headers={"content-type": content_type})

    return Starlette(routes=[Route("/graphql", endpoint)])


async def run(gateway: Starlette, calls: int, rounds: int, concurrency: int) -> str:
    params = _params()
    async with client(gateway) as http:
        first = await http.get("/graphql", params=params, headers=ACCEPT)
        again = await http.get("/graphql", params=params, headers=ACCEPT)
        assert first.status_code == 200, first.text
        assert again.headers["x-cache"] == "hit", "the persisted query was not served from the cache"
        assert again.content == first.content
        async with client(_bare_app(first.content, first.headers["content-type"])) as bare:

            async def bare_call() -> None:
                assert (await bare.get("/graphql", params=params, headers=ACCEPT)).content == first.content

            async def gateway_call() -> None:
                assert (await http.get("/graphql", params=params, headers=ACCEPT)).content == first.content

            baseline, ours = await compare(
                {
                    "bare Starlette, the same bytes": bare_call,
                    "gateway, persisted GET from the response cache": gateway_call,
                },
                calls,
                rounds,
                concurrency,
            )
    parts = await _redis_alone(gateway.state.services.redis, calls, rounds)
    gap = ours.microseconds - baseline.microseconds
    summary = f"\n    {'the gateway minus the bare endpoint':<48} {gap:9.0f} µs"
    return report("(a) cached public persisted query", baseline, ours, target=0.5) + parts + summary


async def _redis_alone(redis: aioredis.Redis, calls: int, rounds: int) -> str:
    """What the gateway adds to the bare endpoint is mostly this one round trip."""
    front_door = FrontDoor(redis)
    budgets = [Budget("ratelimit:ip:bench", 100_000_000)]

    async def admit() -> None:
        await front_door.admit([(budget, 1) for budget in budgets], "cache:response:bench-absent")

    async def get() -> None:
        await redis.get("cache:response:bench-absent")

    figures = await compare(
        {"front door (one Redis script call)": admit, "a plain Redis GET": get}, calls, rounds
    )
    return "\n  where the time goes, one request at a time:\n" + "\n".join(
        f"    {f.name:<48} {f.microseconds:9.0f} µs" for f in figures
    )
