"""The hottest public path: a visitor scans a guide point's code and the mini-program sends the
published ``GuidePoint`` operation by hash (a persisted GET). Served from the response cache, it is
measured against a bare Starlette endpoint returning the same bytes (target: at least 0.5x), and
the same operation with the cache off shows what the cache saves.

Run: ``.venv/bin/python -m bench.guide_scan [--calls N --rounds R --concurrency C]`` (embedded
stores and the sample catalogue, as ``python -m bench``). Both sides run in this process through
httpx's ASGI transport; figures are medians of the rounds, measured in this run, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.harness import compare, report
from bench.setup import bench_settings, client, running_gateway
from luojiang.api.protection.allow_list import OPERATIONS_DIR
from luojiang.api.protection.persisted import sha256_of
from luojiang.core.tourism.codes import point_code

OPERATION = OPERATIONS_DIR / "tourism" / "GuidePoint.graphql"
ACCEPT = {"accept": "application/graphql-response+json", "x-client-channel": "wechat-miniprogram"}


def _params() -> dict[str, str]:
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": sha256_of(OPERATION.read_text("utf-8"))}}
    return {
        "operationName": "GuidePoint",
        "variables": orjson.dumps({"code": point_code("LJ-JQ-BMG-P01"), "language": "en"}).decode(),
        "extensions": orjson.dumps(persisted).decode(),
    }


def _bare_app(body: bytes, content_type: str) -> Starlette:
    async def endpoint(_: Request) -> Response:
        return Response(body, headers={"content-type": content_type})

    return Starlette(routes=[Route("/graphql", endpoint)])


async def _served(gateway: Starlette, calls: int, rounds: int, concurrency: int, cached: bool) -> str:
    params = _params()
    async with client(gateway) as http:
        first = await http.get("/graphql", params=params, headers=ACCEPT)
        assert first.status_code == 200, first.text
        assert orjson.loads(first.content)["data"]["guidePoint"]["code"] == point_code("LJ-JQ-BMG-P01")
        again = await http.get("/graphql", params=params, headers=ACCEPT)
        if cached:
            assert again.headers.get("x-cache") == "hit", "the persisted query was not served from the cache"
        async with client(_bare_app(first.content, first.headers["content-type"])) as bare:

            async def bare_call() -> None:
                assert (await bare.get("/graphql", params=params, headers=ACCEPT)).content == first.content

            async def gateway_call() -> None:
                assert (await http.get("/graphql", params=params, headers=ACCEPT)).status_code == 200

            label = "from the response cache" if cached else "executed (cache off)"
            baseline, ours = await compare(
                {"bare Starlette, the same bytes": bare_call, f"gateway, GuidePoint {label}": gateway_call},
                calls,
                rounds,
                concurrency,
            )
    title = f"guide point by code, persisted GET {label}"
    if cached:
        return report(title, baseline, ours, target=0.5)
    # no target: this line shows what the cache saves on the hot path
    return report(title, baseline, ours, target=0.5).rsplit(" (", 1)[0] + " (no target: the cache's saving)"


async def main(args: argparse.Namespace) -> None:
    for cached in (True, False):
        with tempfile.TemporaryDirectory() as folder:
            settings = bench_settings(Path(folder), args.redis_url)
            if not cached:
                settings = settings.model_copy(update={"response_cache_ttl_seconds": 0})
            async with running_gateway(settings) as gateway:
                print(await _served(gateway, args.calls, args.rounds, args.concurrency, cached))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--redis-url", default=None)
    asyncio.run(main(parser.parse_args()))
