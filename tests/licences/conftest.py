"""E-licence tests run on the session's app with the national codes of the sample catalogue's
licence types and issuers imported (the sample catalogue has no licence_codes.json of its own)."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette

from luojiang.core.licences.service import LicenceService

CODES = Path(__file__).with_name("licence_codes.json")


@pytest.fixture(scope="session")
async def licence_codes(app: Starlette) -> None:
    report = await app.state.services.catalogue.import_unchecked(
        {"licence_codes.json": CODES.read_text("utf-8")}
    )
    assert report.applied, report.rejected


@pytest.fixture
def licences(app: Starlette, licence_codes: None) -> LicenceService:
    service: LicenceService = app.state.services.licences
    return service
