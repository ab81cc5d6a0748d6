"""Writing to the outbox: inside the caller's transaction, and the delivery queued once it commits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from luojiang.core import db
from luojiang.core.jobs import JobQueue
from luojiang.core.outbox import repository

DELIVER_JOB = "outbox.deliver"
SWEEP_JOB = "outbox.sweep"


@dataclass(frozen=True)
class OutboxWriter:
    jobs: JobQueue
    clock: Callable[[], datetime]

    async def write(self, *, destination: str, key: str, stream: str, payload: Mapping[str, Any]) -> bool:
        """Keep the message in the caller's open transaction (``db.transaction()``) and queue its
        delivery after commit; False when ``(destination, key)`` was written before."""
        row = await repository.add_message(
            destination=destination, key=key, stream=stream, payload=dict(payload), now=self.clock()
        )
        if row is None:
            return False
        await db.after_commit(partial(kick, self.jobs, row.id))
        return True


async def kick(jobs: JobQueue, message_id: int) -> None:
    await jobs.enqueue(DELIVER_JOB, message_id=message_id)
