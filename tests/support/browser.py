"""Headless Chromium (Debian's ``chromium`` package) driven from the command line: the DOM after
scripts ran, and screenshots. CI installs it (.ci/run); elsewhere a missing browser skips the
browser tests with a reason, never silently."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--autoplay-policy=no-user-gesture-required",
)


def chromium_or_skip() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: .ci/run installs Debian's chromium package")
    pytest.skip("chromium is not installed (apt-get install -y chromium); CI always runs this test")


async def _run(*args: str) -> str:
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        process = await asyncio.create_subprocess_exec(
            chromium_or_skip(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            *args,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            out, _ = await asyncio.wait_for(process.communicate(), timeout=60)
        except TimeoutError:
            process.kill()
            raise
    return out.decode("utf-8", "replace")


async def dump_dom(url: str, budget_ms: int = 3000) -> str:
    """The page's DOM once loaded and after ``budget_ms`` of virtual time (media metadata included)."""
    return await _run(f"--virtual-time-budget={budget_ms}", "--dump-dom", url)


async def screenshot(url: str, path: Path, width: int = 390, height: int = 844) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    await _run(f"--window-size={width},{height}", "--virtual-time-budget=3000", f"--screenshot={path}", url)
