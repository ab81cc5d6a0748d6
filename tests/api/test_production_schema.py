"""In production the schema hides itself: no introspection, no "Did you mean" suggestions, and
GraphiQL cannot be switched on."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from luojiang.api.schema import build_schema
from luojiang.api.transport.http import GraphQLHTTP
from luojiang.core.settings import Environment, Settings, SettingsError, load_settings

PRODUCTION = {
    "environment": Environment.PRODUCTION,
    "database_url": "postgres://luojiang@127.0.0.1:5432/luojiang",
    "redis_url": "redis://127.0.0.1:6379/0",
    "graphql_ide": False,
}


def _serve(schema_settings: Settings, app: Starlette) -> httpx.AsyncClient:
    # the production schema behind the session's stores (production settings name servers we do not start)
    view = GraphQLHTTP(build_schema(schema_settings), app.state.services)

    async def endpoint(request: Request) -> Response:
        return await view(request)

    routes = Starlette(routes=[Route("/graphql", endpoint, methods=["GET", "POST"])])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=routes), base_url="http://testserver")


@pytest.fixture
async def production(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with _serve(load_settings(**PRODUCTION), app) as client:
        yield client


async def test_introspection_is_refused_in_production(production: httpx.AsyncClient, app: Starlette) -> None:
    query = {"query": "{ __schema { queryType { name } } }"}
    refused = await production.post(
        "/graphql", json=query, headers={"accept": "application/graphql-response+json"}
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection" in refused.json()["errors"][0]["message"]
    async with _serve(app.state.services.settings, app) as development:
        allowed = await development.post("/graphql", json=query)
    assert allowed.json()["data"] == {"__schema": {"queryType": {"name": "Query"}}}


async def test_no_field_suggestions_in_production(production: httpx.AsyncClient) -> None:
    response = await production.post(
        "/graphql", json={"query": "{ departmnts(first: 1) { nodes { code } } }"}
    )
    assert response.json()["errors"][0]["message"] == "Cannot query field 'departmnts' on type 'Query'."


def test_production_refuses_graphiql() -> None:
    with pytest.raises(SettingsError, match="GRAPHQL_IDE must be false in production"):
        load_settings(**{**PRODUCTION, "graphql_ide": True})


def test_the_production_example_turns_the_allow_list_on() -> None:
    example = Path(__file__).resolve().parents[2] / "config/production.example.toml"
    assert tomllib.loads(example.read_text("utf-8"))["graphql_allow_list_only"] is True
