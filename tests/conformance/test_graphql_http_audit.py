"""The GraphQL-over-HTTP audit of the graphql-http package (DESIGN 5), run against the gateway on
a loopback port: every MUST and every SHOULD passes."""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from tests.support.node import NodeScript, served
from tests.support.waiting import GUARD


async def test_every_must_and_should_of_the_graphql_http_audit_passes(app: Starlette) -> None:
    async with served(app) as address:
        audit = await NodeScript.start("audit.mjs", f"http://{address}/graphql")
        results = []
        try:
            while True:
                try:
                    results.append(await asyncio.wait_for(audit.next(), GUARD))
                except EOFError:
                    break
        finally:
            audit.stop()

    required = [r for r in results if r["name"].startswith(("MUST", "SHOULD"))]
    failing = [(r["name"], r["reason"]) for r in required if r["status"] != "ok"]
    assert failing == []
    assert len(required) >= 36  # 13 MUST + 23 SHOULD in graphql-http 1.23
