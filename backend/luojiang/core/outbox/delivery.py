"""Delivering the outbox: at least once, in order within a stream, retried with backoff.

A message is leased to the worker delivering it (a guarded UPDATE), delivered with no transaction
open, then marked delivered. A worker killed in between leaves the lease to run out: the periodic
sweep then queues the message again, and the receiver's idempotency key makes the second delivery
harmless. A failure sets the next attempt ``base × 2^(attempts-1)`` later (capped, jittered); the
sweep queues what is due. Messages of one stream (a case) wait for the ones written before them.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from luojiang.core.jobs import JobQueue
from luojiang.core.logs import mask
from luojiang.core.outbox import repository
from luojiang.core.outbox.models import OutboxMessage
from luojiang.core.outbox.ports import Handler, Undeliverable
from luojiang.core.outbox.writer import kick

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    base: timedelta = timedelta(seconds=30)
    ceiling: timedelta = timedelta(hours=1)
    max_attempts: int = 50  # about two days at the ceiling: a long provincial outage still delivers

    def next_attempt(self, now: datetime, attempts: int) -> datetime | None:
        if attempts >= self.max_attempts:
            return None
        delay = min(self.base * (1 << min(attempts - 1, 30)), self.ceiling)
        return now + delay * (0.5 + random.random() / 2)  # noqa: S311 -- jitter, not a secret


@dataclass(frozen=True)
class OutboxDelivery:
    handlers: Mapping[str, Handler]
    jobs: JobQueue
    clock: Callable[[], datetime]
    lease: timedelta
    retry: RetryPolicy = RetryPolicy()

    async def deliver(self, message_id: int) -> str:
        """One attempt at one message: ``delivered``, ``retrying``, ``failed``, ``waiting`` (an
        earlier message of its stream is pending) or ``skipped`` (delivered, not due, or leased)."""
        now = self.clock()
        waiting = await repository.message_by_id(message_id)
        if waiting is not None and await repository.earlier_pending_in_stream(waiting):
            await repository.postpone(message_id, now + self.retry.base)
            return "waiting"
        message = await repository.take(message_id, now, now + self.lease)
        if message is None:
            return "skipped"
        outcome = await self._attempt(message)
        if outcome == "delivered":
            await self._continue_stream(message)
        return outcome

    async def sweep(self, limit: int = 500) -> int:
        """Queue every message that is due and held by no live worker; returns how many."""
        due = await repository.due_ids(self.clock(), limit)
        for message_id in due:
            await kick(self.jobs, message_id)
        return len(due)

    async def _attempt(self, message: OutboxMessage) -> str:
        handler = self.handlers.get(message.destination)
        try:
            if handler is None:
                raise LookupError(f"this process has no handler for {message.destination}")
            await handler(message.payload)
        except Undeliverable as refused:
            await repository.release(message.id, retry_at=None, error=mask(f"refused: {refused}"))
            log.error("outbox message refused", extra=_about(message))
            return "failed"
        except Exception as error:
            retry_at = self.retry.next_attempt(self.clock(), message.attempts)
            # a receiver's error may quote what it was sent: kept masked, as in the logs
            failure = mask(f"{type(error).__name__}: {error}")
            await repository.release(message.id, retry_at=retry_at, error=failure)
            log.warning("outbox delivery failed", extra={**_about(message), "gives_up": retry_at is None})
            return "retrying" if retry_at else "failed"
        await repository.mark_delivered(message.id, self.clock())
        return "delivered"

    async def _continue_stream(self, message: OutboxMessage) -> None:
        following = await repository.next_pending_in_stream(message)
        if following is not None:
            await kick(self.jobs, following)


def _about(message: OutboxMessage) -> dict[str, object]:
    # never the payload: it may carry personal data
    return {"outbox_id": message.id, "destination": message.destination, "attempt": message.attempts}
