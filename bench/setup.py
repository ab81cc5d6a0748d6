"""Stores and the gateway for a benchmark run: SQLite in a temporary folder with the sample
catalogue, and Redis (a server when --redis-url is given, else the in-process store)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.types import ASGIApp

from luojiang.api.catalogue.types import CATALOGUE_TAG
from luojiang.app.main import create_app
from luojiang.app.navigation_wiring import import_sections
from luojiang.core import cache_tags, db
from luojiang.core.catalogue.importer import read_folder
from luojiang.core.settings import Environment, Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CATALOGUE = Path(os.environ.get("LUOJIANG_SAMPLE_CATALOGUE", REPO.parent / "shared/data/catalogue"))


def sample_catalogue() -> Path:
    """The sample catalogue the benchmarks load; stops the run at once when it is missing."""
    if not (SAMPLE_CATALOGUE / "matters.json").is_file():
        raise SystemExit(
            f"the sample catalogue is not at {SAMPLE_CATALOGUE}: the benchmarks load it. Put the "
            "shared folder beside this worktree (../shared/data/catalogue) or set "
            "LUOJIANG_SAMPLE_CATALOGUE to the folder."
        )
    return SAMPLE_CATALOGUE


def bench_settings(folder: Path, redis_url: str | None) -> Settings:
    return load_settings(
        environment=Environment.TEST,
        database_url=f"sqlite://{folder / 'bench.sqlite3'}",
        redis_url=redis_url,
        graphql_ide=False,
        log_json=False,
        # limits stay on (the script runs on every request) but high enough never to refuse
        rate_limit_per_ip_per_minute=100_000_000,
        rate_limit_per_user_per_minute=100_000_000,
    )


@asynccontextmanager
async def running_gateway(settings: Settings) -> AsyncIterator[Starlette]:
    catalogue = sample_catalogue()
    await db.migrate(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        report = await app.state.services.catalogue.import_unchecked(
            read_folder(catalogue, import_sections())
        )
        assert report.applied, report.rejected
        await cache_tags.invalidate(app.state.services.redis, CATALOGUE_TAG)  # a previous run's entries
        yield app


def client(app: ASGIApp) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")
