"""Shared fixtures: one app per test session on throwaway stores, migrated and loaded with the
sample catalogue from ``../shared/data/catalogue``."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from luojiang.app.main import create_app
from luojiang.app.navigation_wiring import import_sections
from luojiang.core import db
from luojiang.core.catalogue.importer import read_folder
from luojiang.core.settings import Environment, Settings, load_settings
from tests.support.stores import free_port, throwaway_database, throwaway_redis_url

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CATALOGUE = Path(os.environ.get("LUOJIANG_SAMPLE_CATALOGUE", REPO.parent / "shared/data/catalogue"))


@pytest.fixture(scope="session")
async def settings(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Settings]:
    async with throwaway_database(tmp_path_factory.mktemp("db")) as database_url:
        yield load_settings(
            environment=Environment.TEST,
            database_url=database_url,
            redis_url=throwaway_redis_url(),
            log_json=False,
            # the whole suite calls from one address; rate-limit tests build gateways of their own
            rate_limit_per_ip_per_minute=1_000_000,
            rate_limit_per_user_per_minute=1_000_000,
            licence_verify_per_ip_per_minute=1_000_000,
            storage_local_root=str(tmp_path_factory.mktemp("media")),
            # a real port, free now: tests that serve the app over TCP (a browser) use it
            public_base_url=f"http://127.0.0.1:{free_port()}",
        )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    await db.migrate(settings)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        await application.state.services.redis.flushdb()
        report = await application.state.services.catalogue.import_unchecked(
            read_folder(SAMPLE_CATALOGUE, import_sections())
        )
        assert report.applied, report.rejected
        yield application
        await application.state.services.redis.flushdb()


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


class GraphQLClient:
    """POSTs an operation and returns the decoded body; asserts nothing about it."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(self, query: str, variables: dict[str, object] | None = None, **headers: str) -> dict:  # type: ignore[type-arg]
        response = await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"accept": "application/graphql-response+json", **headers},
        )
        body: dict = response.json()  # type: ignore[type-arg]
        return body


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(client)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``redis`` and ``postgres`` tests run in the server pass only (``make unit-servers``)."""
    needs = {"redis": "TEST_REDIS_URL", "postgres": "TEST_DATABASE_URL"}
    for item in items:
        for marker, variable in needs.items():
            if item.get_closest_marker(marker) and not os.environ.get(variable):
                item.add_marker(pytest.mark.skip(reason=f"needs {variable} (the server pass of make test)"))
