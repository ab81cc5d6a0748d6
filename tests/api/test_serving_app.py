"""The application as `luojiang serve` builds it: what start-up made is frozen out of the garbage
collector's way before the first request, and the youngest generation is collected less often."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from starlette.applications import Starlette

from luojiang.app import main


async def test_what_start_up_made_is_frozen_before_serving(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen_during_startup: list[int] = []

    @asynccontextmanager
    async def startup(_: Starlette) -> AsyncIterator[None]:
        frozen_during_startup.append(gc.get_freeze_count())
        yield

    monkeypatch.setattr(main, "create_app", lambda _: Starlette(lifespan=startup))
    monkeypatch.setattr(main, "configure_logging", lambda _: None)  # the suite's logging stays
    gc.unfreeze()
    thresholds = gc.get_threshold()
    app = main.serving_app()
    try:
        async with app.router.lifespan_context(app):
            assert frozen_during_startup == [0]
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold() == (10_000, *thresholds[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
