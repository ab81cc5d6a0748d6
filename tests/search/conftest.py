"""The search engine itself, on the sample catalogue as the gateway's sources read it."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from luojiang.app.navigation_wiring import search_sources
from luojiang.core.search.index import SearchIndex
from luojiang.core.search.lexicon import Lexicon
from luojiang.core.search.ports import SearchDocument


@pytest.fixture(scope="session")
async def documents(app: Starlette) -> list[SearchDocument]:
    return [d for source in search_sources() for d in await source.documents()]


@pytest.fixture(scope="session")
def index(documents: list[SearchDocument]) -> SearchIndex:
    """An index of its own: other tests' edits and views never reach it."""
    return SearchIndex(documents, Lexicon.bundled(), {})
