"""Every outbox query. Taking a message to deliver is a guarded UPDATE (a lease), so two workers
never deliver one message at once, and a killed worker's message is free again when its lease ends."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.expressions import F, Q

from luojiang.core.outbox.models import OutboxMessage, OutboxStatus


async def add_message(
    *, destination: str, key: str, stream: str, payload: dict[str, Any], now: datetime
) -> OutboxMessage | None:
    """In the caller's transaction; None when ``(destination, key)`` was written before."""
    if await OutboxMessage.exists(destination=destination, key=key):
        return None
    return await OutboxMessage.create(
        destination=destination, key=key, stream=stream, payload=payload, next_attempt_at=now, created_at=now
    )


def _free(now: datetime) -> Q:
    return Q(status=OutboxStatus.PENDING) & (Q(lease_until__isnull=True) | Q(lease_until__lt=now))


async def take(message_id: int, now: datetime, lease_until: datetime) -> OutboxMessage | None:
    """The message, leased to the caller until ``lease_until``; None when it is delivered, failed,
    not due yet, or leased to another worker."""
    won = await OutboxMessage.filter(_free(now), id=message_id, next_attempt_at__lte=now).update(
        lease_until=lease_until, attempts=F("attempts") + 1
    )
    if won != 1:
        return None
    return await OutboxMessage.get_or_none(id=message_id)


async def earlier_pending_in_stream(message: OutboxMessage) -> bool:
    return await OutboxMessage.exists(
        destination=message.destination,
        stream=message.stream,
        status=OutboxStatus.PENDING,
        id__lt=message.id,
    )


async def next_pending_in_stream(message: OutboxMessage) -> int | None:
    following = (
        await OutboxMessage.filter(
            destination=message.destination,
            stream=message.stream,
            status=OutboxStatus.PENDING,
            id__gt=message.id,
        )
        .order_by("id")
        .first()
    )
    return following.id if following is not None else None


async def mark_delivered(message_id: int, now: datetime) -> None:
    await OutboxMessage.filter(id=message_id, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.DELIVERED, delivered_at=now, lease_until=None, last_error=""
    )


async def release(message_id: int, *, retry_at: datetime | None, error: str) -> None:
    """Back to pending until ``retry_at``; ``None``: failed for good."""
    changes: dict[str, Any] = {"lease_until": None, "last_error": error[:255]}
    if retry_at is None:
        changes["status"] = OutboxStatus.FAILED
    else:
        changes["next_attempt_at"] = retry_at
    await OutboxMessage.filter(id=message_id, status=OutboxStatus.PENDING).update(**changes)


async def postpone(message_id: int, retry_at: datetime) -> None:
    """Not taken (an earlier message of its stream is still pending): try again then."""
    await OutboxMessage.filter(id=message_id, status=OutboxStatus.PENDING).update(next_attempt_at=retry_at)


async def due_ids(now: datetime, limit: int) -> list[int]:
    """Pending, due and not held by a live worker: oldest first."""
    rows = (
        await OutboxMessage.filter(_free(now), next_attempt_at__lte=now)
        .order_by("id")
        .limit(limit)
        .only("id")
    )
    return [row.id for row in rows]


async def message_by_id(message_id: int) -> OutboxMessage | None:
    return await OutboxMessage.get_or_none(id=message_id)


async def messages_of(destination: str, stream: str | None = None) -> list[OutboxMessage]:
    query = OutboxMessage.filter(destination=destination)
    if stream is not None:
        query = query.filter(stream=stream)
    return list(await query.order_by("id"))
