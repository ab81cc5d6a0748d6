"""What authentication costs: one query's throughput with a bearer token against the same query
without one, measured in one run on the same app (target: authenticated ≥ 0.9× anonymous).

    .venv/bin/python -m bench.auth_overhead [--requests 2000] [--rounds 5] [--redis-url redis://…]

The authenticated path adds ES256 verification of the token and one Redis round trip (the
revocation check). Both runs go through the full HTTP stack in-process (httpx ASGI transport),
alternating request by request so that load from other processes hits both alike; the figure is
the median ratio over the rounds. ``--redis-url`` puts the gateway's Redis on a server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.setup import bench_settings, client, running_gateway

QUERY = "{ departments(first: 10) { nodes { id code name } } }"
PHONE = "13800000000"


async def _one(http: httpx.AsyncClient, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    response = await http.post("/graphql", json={"query": QUERY}, headers=headers)
    elapsed = time.perf_counter() - started
    if response.status_code != 200 or "errors" in response.json():
        raise RuntimeError(response.text)
    return elapsed


async def _paired(http: httpx.AsyncClient, requests: int, bearer: dict[str, str]) -> tuple[float, float]:
    """Throughputs (req/s) of anonymous and authenticated requests, alternating one by one so that
    load from other processes on the machine hits both alike."""
    plain = authed = 0.0
    for i in range(requests):
        if i % 2:
            plain += await _one(http, {})
            authed += await _one(http, bearer)
        else:
            authed += await _one(http, bearer)
            plain += await _one(http, {})
    return requests / plain, requests / authed


async def _token(http: httpx.AsyncClient, sender: object) -> str:
    await http.post("/graphql", json={"query": f'mutation {{ requestSmsCode(phone: "{PHONE}") {{ ok }} }}'})
    code = sender.outbox[PHONE]  # type: ignore[attr-defined]
    login = f'mutation {{ loginWithSms(phone: "{PHONE}", code: "{code}") {{ accessToken }} }}'
    body = (await http.post("/graphql", json={"query": login})).json()
    return str(body["data"]["loginWithSms"]["accessToken"])


async def run(requests: int, rounds: int, redis_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        # the shared response cache serves anonymous public queries from Redis and never a viewer's:
        # it is off here so that both sides execute the query and only authentication differs
        settings = bench_settings(Path(folder), redis_url).model_copy(
            update={"response_cache_ttl_seconds": 0}
        )
        async with running_gateway(settings) as app, client(app) as http:
            token = await _token(http, app.state.services.identity.logins.codes.sender)
            bearer = {"authorization": f"Bearer {token}"}
            await _paired(http, requests // 10, bearer)  # warm caches on both paths
            plain, authed, ratios = [], [], []
            for _ in range(rounds):
                anonymous_rate, authenticated_rate = await _paired(http, requests, bearer)
                plain.append(anonymous_rate)
                authed.append(authenticated_rate)
                ratios.append(authenticated_rate / anonymous_rate)
    where = f"Redis server at {redis_url}" if redis_url else "the in-process Redis"
    print(f"{rounds} rounds of {requests} request pairs; {where}; response cache off")
    print(f"anonymous:     {statistics.median(plain):8.0f} req/s (median of {rounds} rounds of {requests})")
    print(f"authenticated: {statistics.median(authed):8.0f} req/s")
    print(f"ratio authenticated/anonymous: {statistics.median(ratios):.3f} (target >= 0.9)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL"))
    args = parser.parse_args()
    asyncio.run(run(args.requests, args.rounds, args.redis_url))


if __name__ == "__main__":
    main()
