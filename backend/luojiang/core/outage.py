"""Saying that a store is unreachable once per interval, not once per request: a Redis outage under
load used to write a traceback for every request (986 in 15 s) and hide everything else."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger("luojiang.outage")

INTERVAL_SECONDS = 10.0
# what a client is told to wait before trying again while Redis is unreachable
RETRY_AFTER_SECONDS = 5


class Outage:
    def __init__(
        self, what: str, interval: float = INTERVAL_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.what = what
        self.interval = interval
        self.clock = clock
        self._next = 0.0
        self._failures = 0

    def failed(self, error: BaseException, where: str) -> None:
        """One failure; logged when the last line about this store is ``interval`` old."""
        self._failures += 1
        now = self.clock()
        if now < self._next:
            return
        log.warning(
            "%s unreachable (%s in %s); %d failures since the last report, next report in %.0f s",
            self.what,
            type(error).__name__,
            where,
            self._failures,
            self.interval,
        )
        self._failures = 0
        self._next = now + self.interval


REDIS = Outage("Redis")
