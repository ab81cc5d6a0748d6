"""Fixtures of the tourism tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette

from luojiang.core.tourism.models import ContentEdit, GuidePoint, Resource, Route, ScenicArea
from luojiang.core.tourism.neighbours import refresh_neighbours
from tests.tourism.admin_support import SAVE_AREA, area_input, saved


@pytest.fixture
async def scratch(app: Starlette) -> AsyncIterator[None]:
    """An area of the administrators' own (admin_support), and nothing of theirs left after."""
    await saved(app, SAVE_AREA, {"input": area_input()})
    yield
    await GuidePoint.filter(catalogue_id__startswith="T-").delete()
    await Route.filter(code__startswith="T-").delete()
    await ScenicArea.filter(code__startswith="T-").delete()
    await Resource.filter(code__startswith="T-").delete()
    await ContentEdit.filter(target__contains=":T-").delete()
    await refresh_neighbours()
    await app.state.services.search.rebuild()
