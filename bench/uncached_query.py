"""(b) An uncached query over in-memory data: the gateway (its HTTP view, protection extensions
and front door around a Strawberry schema) against bare graphql-core with cached parsing behind a
bare Starlette endpoint, on an equivalent schema (built from the Strawberry schema's SDL) and the
same data (the sample catalogue's matters). Target: at least 1.0x its throughput."""

from __future__ import annotations

import json
from functools import lru_cache
from inspect import isawaitable
from typing import Any

import graphql
import orjson
import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.harness import Figure, compare, report
from bench.setup import SAMPLE_CATALOGUE, client
from luojiang.api.context import Channel, Context
from luojiang.api.schema import assemble_schema
from luojiang.api.services import Services
from luojiang.api.transport.http import GraphQLHTTP

QUERY = """query Matters($first: Int!) {
  matters(first: $first) {
    code name category online promisedLimitDays legalLimitDays visitsRequired
    department { code name phone }
  }
}"""
VARIABLES = {"first": 100}
RESPONSE = "application/graphql-response+json"


@strawberry.type
class BenchDepartment:
    code: str
    name: str
    phone: str


@strawberry.type
class BenchMatter:
    code: str
    name: str
    category: str
    online: bool
    promised_limit_days: int
    legal_limit_days: int
    visits_required: int
    department: BenchDepartment


def _catalogue() -> list[dict[str, Any]]:
    departments = {
        d["code"]: d for d in json.loads((SAMPLE_CATALOGUE / "departments.json").read_text("utf-8"))
    }
    matters = json.loads((SAMPLE_CATALOGUE / "matters.json").read_text("utf-8"))
    return [{**m, "department": departments[m["department"]]} for m in matters]


def _objects(rows: list[dict[str, Any]]) -> list[BenchMatter]:
    fields = (
        "code",
        "name",
        "category",
        "online",
        "promised_limit_days",
        "legal_limit_days",
        "visits_required",
    )
    return [
        BenchMatter(
            **{f: row[f] for f in fields},
            department=BenchDepartment(**{f: row["department"][f] for f in ("code", "name", "phone")}),
        )
        for row in rows
    ]


def _dicts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    camel = {"promised_limit_days": "promisedLimitDays", "legal_limit_days": "legalLimitDays"}
    camel |= {"visits_required": "visitsRequired"}
    return [
        {
            **{camel.get(f, f): row[f] for f in ("code", "name", "category", "online", *camel)},
            "department": {f: row["department"][f] for f in ("code", "name", "phone")},
        }
        for row in rows
    ]


def _gateway_app(services: Services, matters: list[BenchMatter]) -> tuple[Starlette, strawberry.Schema]:
    @strawberry.type
    class BenchQuery:
        @strawberry.field
        async def matters(self, first: int) -> list[BenchMatter]:
            return matters[:first]

    schema = assemble_schema(services.settings, BenchQuery)
    view = GraphQLHTTP(schema, services, operations={})

    async def endpoint(request: Request) -> Response:
        return await view(request)

    return Starlette(routes=[Route("/graphql", endpoint, methods=["POST"])]), schema


def _bare_schema(sdl: str, matters: list[dict[str, Any]]) -> graphql.GraphQLSchema:
    schema = graphql.build_schema(sdl)

    async def resolve_matters(_: object, __: Any, first: int) -> list[dict[str, Any]]:
        return matters[:first]

    schema.query_type.fields["matters"].resolve = resolve_matters  # type: ignore[union-attr]
    return schema


async def _bare_result(
    schema: graphql.GraphQLSchema, parse: Any, payload: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    document = parse(payload["query"])
    errors = graphql.validate(schema, document)
    if errors:
        return 400, {"errors": [e.formatted for e in errors]}
    result = graphql.execute(schema, document, variable_values=payload.get("variables"))
    if isawaitable(result):
        result = await result
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
    return 200, body


def _bare_app(schema: graphql.GraphQLSchema) -> tuple[Starlette, Any]:
    parse = lru_cache(maxsize=1024)(graphql.parse)

    async def endpoint(request: Request) -> Response:
        status, body = await _bare_result(schema, parse, orjson.loads(await request.body()))
        return Response(orjson.dumps(body), status_code=status, media_type=RESPONSE)

    return Starlette(routes=[Route("/graphql", endpoint, methods=["POST"])]), parse


async def run(services: Services, calls: int, rounds: int, concurrency: int) -> str:
    rows = _catalogue()
    gateway_app, gateway_schema = _gateway_app(services, _objects(rows))
    bare_schema = _bare_schema(gateway_schema.as_str(), _dicts(rows))
    bare_app, parse = _bare_app(bare_schema)
    payload = {"query": QUERY, "variables": VARIABLES}
    async with client(gateway_app) as ours, client(bare_app) as bare:
        mine = await ours.post("/graphql", json=payload, headers={"accept": RESPONSE})
        theirs = await bare.post("/graphql", json=payload, headers={"accept": RESPONSE})
        assert mine.headers.get("x-cache") == "pass", "the in-memory query must not be cached"
        assert mine.json()["data"] == theirs.json()["data"], "the two schemas must answer alike"
        assert len(mine.json()["data"]["matters"]) == VARIABLES["first"]

        async def bare_call() -> None:
            await bare.post("/graphql", json=payload, headers={"accept": RESPONSE})

        async def gateway_call() -> None:
            await ours.post("/graphql", json=payload, headers={"accept": RESPONSE})

        baseline, gateway = await compare(
            {"bare graphql-core, cached parsing": bare_call, "gateway, uncached query": gateway_call},
            calls,
            rounds,
            concurrency,
        )
    parts = await _where_the_time_goes(services, gateway_schema, bare_schema, parse, payload, calls, rounds)
    return (
        report("(b) uncached query over in-memory data (100 matters × 10 fields)", baseline, gateway, 1.0)
        + parts
    )


async def _where_the_time_goes(
    services: Services,
    gateway_schema: strawberry.Schema,
    bare_schema: graphql.GraphQLSchema,
    parse: Any,
    payload: dict[str, Any],
    calls: int,
    rounds: int,
) -> str:
    """The same work without HTTP, and the front door's Redis round trip on its own."""
    view = GraphQLHTTP(gateway_schema, services, operations={})
    budgets = view.gate.rate_limits.budgets("127.0.0.1", None)

    async def strawberry_execute() -> None:
        context = Context(
            services=services, request_id="bench", channel=Channel.WEB, locale="zh-CN", client_ip="-"
        )
        await gateway_schema.execute(QUERY, variable_values=VARIABLES, context_value=context)

    async def graphql_core() -> None:
        await _bare_result(bare_schema, parse, payload)

    async def front_door() -> None:
        await view.gate.front_door.admit([(budget, 1) for budget in budgets], "cache:response:bench-absent")

    figures = await compare(
        {
            "Strawberry execute + the gateway's extensions": strawberry_execute,
            "graphql-core validate + execute": graphql_core,
            "front door (one Redis script call)": front_door,
        },
        calls,
        rounds,
    )
    return "\n  where the time goes, without HTTP:\n" + "\n".join(_line(f) for f in figures)


def _line(figure: Figure) -> str:
    return f"    {figure.name:<48} {figure.microseconds:9.0f} µs"
