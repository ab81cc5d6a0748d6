"""Contracts kept in files: the SDL in graphql/schema.graphql and the checked-in migrations."""

from __future__ import annotations

from pathlib import Path

from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from luojiang.api.schema import build_schema
from luojiang.core.db import tortoise_config
from luojiang.core.settings import Environment, load_settings

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"


def test_schema_file_matches_the_code() -> None:
    sdl = build_schema(load_settings(environment=Environment.TEST)).as_str() + "\n"
    assert SCHEMA_FILE.read_text("utf-8") == sdl, "run `make schema` and review the diff"


async def test_models_and_migrations_agree() -> None:
    config = tortoise_config(load_settings(environment=Environment.TEST, database_url="sqlite://:memory:"))
    # an isolated context: re-initialising the global one would cut the session app off its database
    async with TortoiseContext() as context:
        await context.init(config=config, init_connections=False)
        writers = await MigrationAutodetector(context.apps, config["apps"]).changes()
    assert [w.app_label for w in writers] == [], "run `make migrations` and commit the new files"
