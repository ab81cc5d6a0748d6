"""A verifier opens ``/verify/{token}``: each request spends a fresh one-time token (checks its tag,
spends it and logs the read in one INSERT, decrypts the licence, verifies its Ed25519 signature,
renders the page, all behind the per-address rate limit). Measured against a bare Starlette
endpoint returning the same bytes (target: at least 0.3x its throughput).

Run: ``.venv/bin/python -m bench.licence_verify [--calls N --rounds R --concurrency C]`` (embedded
stores, the sample catalogue). Tokens are minted before each round, outside the timing. Both
sides are reached through one *transport*: in this process through httpx's ASGI transport (the
only mode today); a socket mode serving both apps from real servers to a compiled load generator
plugs in at :func:`transport` without touching the contestants. Figures are medians of rounds
measured in this run, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.harness import compare, report
from bench.setup import REPO, bench_settings, running_gateway
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.licences.issuance import Holder, IssueRequest
from luojiang.core.licences.models import HolderKind
from luojiang.core.licences.service import LicenceService
from luojiang.core.settings import Settings

CODES = REPO / "tests" / "licences" / "licence_codes.json"
HOLDER_ID = "510604199001011238"
Transport = Callable[[Starlette], AbstractAsyncContextManager[httpx.AsyncClient]]


@asynccontextmanager
async def in_process(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:
        yield http


def transport(mode: str) -> Transport:
    if mode == "in-process":
        return in_process
    raise SystemExit(f"unknown mode {mode!r}: only in-process exists so far")


def _bare_app(body: bytes, headers: dict[str, str]) -> Starlette:
    async def endpoint(_: Request) -> Response:
        return Response(body, headers=headers)

    return Starlette(routes=[Route("/verify/{token}", endpoint)])


async def shown_licence(app: Starlette) -> tuple[LicenceService, Principal, int]:
    services = app.state.services
    report_ = await services.catalogue.import_unchecked({"licence_codes.json": CODES.read_text("utf-8")})
    assert report_.applied, report_.rejected
    licences: LicenceService = services.licences
    department = await licences.issuer.draft(
        IssueRequest("LIC-JMSFZ", Holder(HolderKind.PERSON, "张明远", HOLDER_ID), {"name": "张明远"})
    )
    staff = Principal(
        1, "bench", Assurance.L2, "web", staff_department_ids=frozenset({department.department.id})
    )
    fields = {
        "name": "张明远",
        "sex": "男",
        "address": "四川省德阳市罗江区万安镇凤雏路88号",
        "id_number": HOLDER_ID,
    }
    licence = await licences.issue(
        staff, IssueRequest("LIC-JMSFZ", Holder(HolderKind.PERSON, "张明远", HOLDER_ID), fields)
    )
    assert licence.holder_person_id is not None
    holder = Principal(licence.holder_person_id, "bench", Assurance.L2, "app")
    return licences, holder, licence.id


async def measure(app: Starlette, reach: Transport, calls: int, rounds: int, concurrency: int) -> str:
    licences, holder, licence_id = await shown_licence(app)

    async def token() -> str:
        return (await licences.show(holder, licence_id, "入住登记", ["name", "address"])).token

    tokens = [await token() for _ in range(calls * (rounds + 1) + 100)]
    async with reach(app) as http:
        first = await http.get(f"/verify/{tokens.pop()}")
        assert first.status_code == 200, first.text
        assert 'data-verdict="passed"' in first.text
        headers = {k: v for k, v in first.headers.items() if k not in ("content-length", "date", "server")}
        async with reach(_bare_app(first.content, headers)) as bare:

            async def bare_call() -> None:
                page = await bare.get("/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                assert len(page.content) == len(first.content)

            async def gateway_call() -> None:
                page = await http.get(f"/verify/{tokens.pop()}")
                assert page.status_code == 200
                assert len(page.content) == len(first.content)

            baseline, ours = await compare(
                {
                    "bare Starlette, the same bytes": bare_call,
                    "gateway, /verify/{token} (spent, logged)": gateway_call,
                },
                calls,
                rounds,
                concurrency,
            )
    return report("licence verification page, a fresh token each request", baseline, ours, target=0.3)


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings: Settings = bench_settings(Path(folder), args.redis_url).model_copy(
            update={"licence_verify_per_ip_per_minute": 100_000_000}
        )
        async with running_gateway(settings) as gateway:
            print(await measure(gateway, transport(args.mode), args.calls, args.rounds, args.concurrency))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--redis-url", default=None)
    parser.add_argument("--mode", default="in-process", help="how both sides are reached: in-process")
    asyncio.run(main(parser.parse_args()))
