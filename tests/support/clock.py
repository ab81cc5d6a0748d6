"""A clock that moves only when a test moves it (``clock.now += seconds``)."""

from __future__ import annotations


class ManualClock:
    def __init__(self, start: float = 100.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now
