"""The project's own demo files (loaded by `make run`) pass the same import rules as the sample."""

from __future__ import annotations

import json

from starlette.applications import Starlette
from tortoise.transactions import in_transaction

from luojiang.app.cli import DEMO_CATALOGUE as DEMO
from luojiang.core.tourism.importer import import_resources, import_scenic


class _Rollback(Exception):
    pass


async def test_the_demo_files_import_without_rejections(app: Starlette) -> None:
    scenic_rows = json.loads((DEMO / "scenic.json").read_text("utf-8"))
    resource_rows = json.loads((DEMO / "resources.json").read_text("utf-8"))
    try:
        async with in_transaction():
            scenic = await import_scenic(scenic_rows)
            resources = await import_resources(resource_rows)
            raise _Rollback  # leave the session's sample data as it was
    except _Rollback:
        pass
    assert scenic.rejected == []
    assert resources.rejected == []
    assert scenic.updated["guide_points"] == 6
    assert resources.updated == {"resources": 6}
