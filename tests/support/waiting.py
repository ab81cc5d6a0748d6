"""Waiting for something another task or process does, with a guard against hanging."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

GUARD = 30.0  # seconds: a guard against hanging, never an assertion about speed


async def until(condition: Callable[[], Awaitable[object]], guard: float = GUARD) -> None:
    async with asyncio.timeout(guard):
        while True:
            if await condition():
                return
            await asyncio.sleep(0.02)
