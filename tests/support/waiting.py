"""Waiting for something another task or process does, with a guard against hanging."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

GUARD = 30.0  # seconds: a guard against hanging, never an assertion about speed


async def until(condition: Callable[[], Awaitable[object]], guard: float = GUARD) -> None:
    async with asyncio.timeout(guard):
        while True:
            if await condition():
                return
            await asyncio.sleep(0.02)


@contextmanager
def cpu_guard(seconds: float = GUARD) -> Iterator[None]:
    """Interrupts work that holds the event loop (where :func:`until` could only wait) with a
    ``TimeoutError``: SIGALRM reaches the main thread between two bytecodes of any pure-Python loop."""

    def expire(*_: object) -> None:
        raise TimeoutError(f"still busy after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
