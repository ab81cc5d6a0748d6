"""The project's own demo data (``luojiang seed``) is a valid catalogue on its own."""

from __future__ import annotations

import json

from starlette.applications import Starlette

from luojiang.app.cli import DEMO_CATALOGUE as DEMO
from luojiang.app.navigation_wiring import import_sections
from luojiang.core.catalogue.importer import check_files, read_folder


async def test_the_demo_catalogue_passes_every_check(app: Starlette) -> None:
    files = read_folder(DEMO, import_sections())
    assert sorted(files) == [
        "departments.json",
        "halls.json",
        "licence_types.json",
        "matters.json",
        "resources.json",
        "scenarios.json",
        "scenic.json",
        "towns.json",
    ]
    assert await check_files(files, import_sections()) == []
    assert len(json.loads(files["matters.json"])) == 20
