"""The guide page in a real browser (headless Chromium): it loads, the player has a source the
browser can read, and the language switch leads to the page in that language. A screenshot of a
phone-sized window is kept in tests/artifacts/."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
from starlette.applications import Starlette

from luojiang.core.tourism import admin
from tests.support.browser import chromium_or_skip, dump_dom, screenshot
from tests.support.waiting import until
from tests.tourism.test_media import wav_bytes

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TOWER = "X5Y08RFA"  # 白马关关楼


@pytest.fixture
async def served(app: Starlette) -> AsyncIterator[str]:
    """The session's app on its public port, in this event loop (so it shares the database)."""
    chromium_or_skip()
    base = app.state.services.settings.public_base_url
    port = int(base.rsplit(":", 1)[1])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    )
    task = asyncio.create_task(server.serve())

    async def started() -> bool:  # uvicorn offers a flag, not an event
        return server.started

    await until(started)
    yield base
    server.should_exit = True
    await task


async def test_the_page_plays_and_switches_language_in_chromium(app: Starlette, served: str) -> None:
    services = app.state.services
    await admin.attach_audio(services.redis, services.storage, "admin-7", TOWER, "zh-CN", wav_bytes(2.0), 2)
    url = f"{served}/guide/{TOWER}"

    dom = await dump_dom(url)
    assert '<html lang="zh-CN">' in dom
    assert "<h1>白马关关楼</h1>" in dom
    player = re.search(r"<audio [^>]*>", dom)
    assert player is not None, dom
    assert f'src="{served}/media/tourism/audio/{TOWER}/zh-CN-' in player.group(0)
    assert 'data-state="ready"' in player.group(0)  # Chromium fetched and decoded the audio's metadata
    assert '<p id="transcript">眼前的关楼扼守古驿道的咽喉' in dom
    switch = re.search(r'<a hreflang="en" href="([^"]+)">English</a>', dom)
    assert switch is not None

    english = await dump_dom(f"{url}{switch.group(1)}")
    assert '<html lang="en">' in english
    assert '<p id="transcript">The gate tower guards the narrowest point' in english
    assert "<audio" not in english  # no English audio yet: the page says so instead
    assert "No audio yet for this stop" in english

    shot = ARTIFACTS / f"guide-{TOWER}.png"
    await screenshot(url, shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
