"""The hottest public path: a guide point by code (the persisted ``GuidePoint`` operation), served
by the gateway, against a bare Starlette endpoint returning the same bytes. Target: >= 0.5x.

Run: ``.venv/bin/python -m bench.guide_scan [--requests N]`` (embedded stores, the sample
catalogue from ``../shared/data/catalogue`` or LUOJIANG_SAMPLE_CATALOGUE). Both apps are called
in-process through httpx's ASGI transport, so the ratio compares the applications, not a network.
Figures are requests per second measured in this run; nothing is asserted about absolute times.

The operation is sent as an automatic persisted query (sha256 only, registering it once if the
gateway asks); a gateway without persisted queries gets the full text, and the report says which.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from luojiang.app.main import create_app
from luojiang.core import db
from luojiang.core.settings import Environment, load_settings
from luojiang.core.tourism.codes import point_code
from luojiang.core.tourism.importer import import_tourism_folder

REPO = Path(__file__).resolve().parents[1]
OPERATION = (REPO / "graphql" / "operations" / "tourism" / "GuidePoint.graphql").read_text("utf-8")
SHA256 = hashlib.sha256(OPERATION.encode("utf-8")).hexdigest()
SAMPLE = Path(os.environ.get("LUOJIANG_SAMPLE_CATALOGUE", REPO.parent / "shared/data/catalogue"))
CATALOGUE = SAMPLE if (SAMPLE / "scenic.json").exists() else REPO / "backend" / "demo" / "catalogue"
VARIABLES = {"code": point_code("LJ-JQ-BMG-P01"), "language": "en"}
HEADERS = {"accept": "application/graphql-response+json", "x-client-channel": "wechat-miniprogram"}


async def _persisted_request(http: httpx.AsyncClient) -> tuple[dict[str, Any], str]:
    """The request body the mini-program would send, and which protocol the gateway speaks."""
    hashed = {
        "operationName": "GuidePoint",
        "variables": VARIABLES,
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": SHA256}},
    }
    first = await http.post("/graphql", json=hashed, headers=HEADERS)
    if first.status_code == 200 and "data" in first.json():
        return hashed, "automatic persisted query (hash only)"
    registered = await http.post("/graphql", json={**hashed, "query": OPERATION}, headers=HEADERS)
    again = await http.post("/graphql", json=hashed, headers=HEADERS)
    if registered.status_code == 200 and again.status_code == 200 and "data" in again.json():
        return hashed, "automatic persisted query (hash only, registered once)"
    return {**hashed, "query": OPERATION}, "full query text (the gateway has no persisted queries yet)"


async def _rate(http: httpx.AsyncClient, method: str, path: str, body: bytes | None, n: int) -> float:
    headers = {**HEADERS, "content-type": "application/json"}
    started = time.perf_counter()
    for _ in range(n):
        response = await http.request(method, path, content=body, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return n / (time.perf_counter() - started)


def _bare(payload: bytes) -> Starlette:
    async def endpoint(_: Request) -> Response:
        return Response(payload, media_type="application/graphql-response+json; charset=utf-8")

    return Starlette(routes=[Route("/graphql", endpoint, methods=["POST"])])


async def run(requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            environment=Environment.TEST,
            database_url=f"sqlite://{tmp}/bench.sqlite3",
            storage_local_root=f"{tmp}/media",
            log_json=False,
            # still checked on every request, but too high to refuse the benchmark's burst
            rate_limit_per_ip_per_minute=100_000_000,
            rate_limit_per_user_per_minute=100_000_000,
        )
        await db.migrate(settings)
        gateway = create_app(settings)
        async with gateway.router.lifespan_context(gateway):
            await import_tourism_folder(CATALOGUE)
            transport = httpx.ASGITransport(app=gateway)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                request, protocol = await _persisted_request(http)
                body = orjson.dumps(request)
                served = await http.post(
                    "/graphql", content=body, headers={**HEADERS, "content-type": "application/json"}
                )
                payload = served.content
                if orjson.loads(payload).get("data", {}).get("guidePoint") is None:
                    raise RuntimeError(f"the gateway did not serve the point: {payload[:300]!r}")
                await _rate(http, "POST", "/graphql", body, max(requests // 10, 10))  # warm caches
                gateway_rps = await _rate(http, "POST", "/graphql", body, requests)
            bare_transport = httpx.ASGITransport(app=_bare(payload))
            async with httpx.AsyncClient(transport=bare_transport, base_url="http://bench") as http:
                await _rate(http, "POST", "/graphql", body, max(requests // 10, 10))
                bare_rps = await _rate(http, "POST", "/graphql", body, requests)
    return {
        "operation": "GuidePoint",
        "catalogue": str(CATALOGUE),
        "protocol": protocol,
        "response_bytes": len(payload),
        "cache_status": served.headers.get("x-cache", "no response cache header"),
        "requests": requests,
        "gateway_rps": round(gateway_rps),
        "bare_starlette_rps": round(bare_rps),
        "ratio": round(gateway_rps / bare_rps, 3),
        "target": 0.5,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    report = asyncio.run(run(parser.parse_args().requests))
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
