"""Helpers of the outbox tests: a job queue that records, a clock tests move, handlers that fail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from luojiang.core.jobs import JSONScalar
from luojiang.core.outbox.delivery import OutboxDelivery, RetryPolicy
from luojiang.core.outbox.ports import Handler


@dataclass
class RecordingQueue:
    queued: list[tuple[str, dict[str, JSONScalar]]] = field(default_factory=list)

    async def enqueue(self, job: str, /, *, job_id: str | None = None, **arguments: JSONScalar) -> str:
        self.queued.append((job, arguments))
        return str(len(self.queued))

    def message_ids(self) -> list[Any]:
        return [arguments["message_id"] for _, arguments in self.queued]


@dataclass
class Clock:
    """Far in the future: the session app's own sweep (real time) never finds these tests' rows due."""

    now: datetime = field(default_factory=lambda: datetime(2100, 5, 6, 2, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Flaky:
    """Fails its first ``failures`` calls (as an unreachable platform), then records each payload."""

    failures: int = 0
    calls: int = 0
    received: list[Mapping[str, Any]] = field(default_factory=list)

    async def __call__(self, payload: Mapping[str, Any], /) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionError("platform down")
        self.received.append(payload)


RETRY = RetryPolicy(base=timedelta(seconds=30), ceiling=timedelta(hours=1), max_attempts=5)


def delivery(handlers: Mapping[str, Handler], queue: RecordingQueue, clock: Clock) -> OutboxDelivery:
    return OutboxDelivery(handlers=handlers, jobs=queue, clock=clock, lease=timedelta(minutes=5), retry=RETRY)
