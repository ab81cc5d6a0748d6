"""The public guide with the response cache off: the time one request takes and the SQL statements
it sends, for the ``GuidePoint`` operation and the ``/guide/{code}`` page, with the sample
catalogue and then with ``--extra`` more points and resources placed around the scanned one (so a
cost that grows with the district shows).

Run: ``.venv/bin/python -m bench.guide_profile [--calls N --extra K --profile]``. ``--profile``
prints cProfile's top functions of the GraphQL request. Figures are per request, measured in this
run on this machine; they are read against each other (with and without the extra rows), never
asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import pstats
import tempfile
import time
from collections.abc import Awaitable, Callable
from math import cos as _cos
from math import sin as _sin
from pathlib import Path

import httpx
import orjson

from bench.setup import bench_settings, client, running_gateway
from luojiang.api.protection.allow_list import OPERATIONS_DIR
from luojiang.api.protection.persisted import sha256_of
from luojiang.core.tourism.codes import point_code
from luojiang.core.tourism.models import GuidePoint, Resource, ScenicArea
from luojiang.core.tourism.neighbours import refresh_neighbours

OPERATION = OPERATIONS_DIR / "tourism" / "GuidePoint.graphql"
SORT = "cumulative"
HEADERS = {"accept": "application/graphql-response+json", "x-client-channel": "wechat-miniprogram"}
SCANNED = "LJ-JQ-BMG-P01"


class _Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        text = str(record.msg % record.args if record.args else record.msg).lstrip().upper()
        self.count += text.startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH"))


def _params() -> dict[str, str]:
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": sha256_of(OPERATION.read_text("utf-8"))}}
    return {
        "operationName": "GuidePoint",
        "variables": orjson.dumps({"code": point_code(SCANNED), "language": "en"}).decode(),
        "extensions": orjson.dumps(persisted).decode(),
    }


async def _statements_of(call: Callable[[], Awaitable[object]]) -> int:
    logger = logging.getLogger("tortoise.db_client")
    handler, level = _Statements(), logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        await call()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return handler.count


async def _per_request_ms(call: Callable[[], Awaitable[object]], calls: int) -> float:
    for _ in range(max(5, calls // 10)):
        await call()
    started = time.perf_counter()
    for _ in range(calls):
        await call()
    return (time.perf_counter() - started) / calls * 1000


async def _measure(http: httpx.AsyncClient, label: str, calls: int) -> None:
    params = _params()

    async def graphql() -> None:
        response = await http.get("/graphql", params=params, headers=HEADERS)
        assert response.status_code == 200, response.text
        assert b'"errors"' not in response.content, response.text
        assert response.headers.get("x-cache") != "hit"

    async def page() -> None:
        response = await http.get(f"/guide/{point_code(SCANNED)}", params={"lang": "en"})
        assert response.status_code == 200, response.text

    for name, call in (("GuidePoint (GraphQL, persisted GET)", graphql), ("/guide/{code} page", page)):
        statements = await _statements_of(call)
        ms = await _per_request_ms(call, calls)
        print(f"{label:<28} {name:<38} {ms:7.2f} ms/request  {statements:3d} SQL statements")


async def _profile(http: httpx.AsyncClient, calls: int) -> None:
    params = _params()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        await http.get("/graphql", params=params, headers=HEADERS)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(SORT).print_stats(45)


async def _scatter_around(catalogue_id: str, extra: int) -> None:
    """``extra`` points and resources on a spiral within 4 km of the point: all of them nearby."""
    centre = await GuidePoint.get(catalogue_id=catalogue_id)
    area = await ScenicArea.create(code="BENCH-AREA", name="bench", lng=centre.lng, lat=centre.lat)
    spots = [
        (centre.lng + 0.04 * (i / extra) * _cos(i), centre.lat + 0.03 * (i / extra) * _sin(i))
        for i in range(extra)
    ]
    await GuidePoint.bulk_create(
        GuidePoint(
            catalogue_id=f"BENCH-P{i}", code=f"BENCH{i}", area=area, position=i, name=f"p{i}", lng=x, lat=y
        )
        for i, (x, y) in enumerate(spots)
    )
    await Resource.bulk_create(
        Resource(code=f"BENCH-R{i}", kind="hotel", name=f"r{i}", lng=x + 0.0001, lat=y)
        for i, (x, y) in enumerate(spots)
    )
    await refresh_neighbours()


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = bench_settings(Path(folder), None).model_copy(update={"response_cache_ttl_seconds": 0})
        async with running_gateway(settings) as gateway, client(gateway) as http:
            await _measure(http, "sample catalogue", args.calls)
            if args.profile:
                await _profile(http, args.calls)
            await _scatter_around(SCANNED, args.extra)
            await _measure(http, f"+{args.extra} points, +{args.extra} resources", args.calls)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--extra", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    asyncio.run(main(parser.parse_args()))
