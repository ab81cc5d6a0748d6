"""One row per message for one destination (a Tianfu sync, a notification, a licence to issue).

``(destination, key)`` is unique: writing the same event twice keeps one message, and the key is
what the receiver uses to make a second delivery harmless. Messages of one ``stream`` (a case) go
to their destination in the order they were written.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class OutboxStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # refused for good, or out of attempts: someone must look


class OutboxMessage(Model):
    id = fields.BigIntField(primary_key=True)
    destination = fields.CharField(max_length=48)
    key = fields.CharField(max_length=128)
    stream = fields.CharField(max_length=128)
    payload: Any = fields.JSONField()
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    # a worker delivering it holds it until then; a killed worker's lease runs out and the sweep
    # hands the message to another
    lease_until = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField()
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_message"
        unique_together = (("destination", "key"),)
        indexes = (("status", "next_attempt_at"), ("destination", "stream", "status"))
