"""Messages and preferences.

A message is one text to one person on one channel, with its delivery state (GOV.UK Notify's:
queued → sent → delivered, or failed). ``key`` is unique: the same event told twice makes one
message. The recipient's address (openid or phone) is stored only encrypted; titles and bodies
carry no personal data.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from luojiang.core.identity.models import Person


class MessageChannel(StrEnum):
    WECHAT = "wechat"
    ALIPAY = "alipay"
    SMS = "sms"


class DeliveryState(StrEnum):
    QUEUED = "queued"
    SENT = "sent"  # the platform accepted it
    DELIVERED = "delivered"  # the platform reported it reached the phone
    FAILED = "failed"


class MessageKind(StrEnum):
    CASE_UPDATE = "case_update"
    DEADLINE_REMINDER = "deadline_reminder"
    LICENCE_EXPIRY = "licence_expiry"


class Message(Model):
    id = fields.BigIntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "identity.Person", related_name="messages", on_delete=fields.CASCADE
    )
    person_id: int
    kind = fields.CharEnumField(MessageKind, max_length=24)
    channel = fields.CharEnumField(MessageChannel, max_length=16)
    key = fields.CharField(max_length=160, unique=True)
    topic = fields.CharField(max_length=32)  # the template: submitted, accepted, deadline, expiry
    case_number = fields.CharField(max_length=64, null=True, db_index=True)
    title = fields.CharField(max_length=64)
    body = fields.CharField(max_length=255)
    data: Any = fields.JSONField(default=dict)  # the template's values
    recipient_enc = fields.TextField()
    state = fields.CharEnumField(DeliveryState, max_length=16, default=DeliveryState.QUEUED)
    attempts = fields.IntField(default=0)
    provider_ref = fields.CharField(max_length=64, null=True, db_index=True)
    failure_code = fields.CharField(max_length=32, default="")
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    failed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notifications_message"
        indexes = (("person_id", "id"),)


class Preference(Model):
    """A channel the person turned off (or on again). No row means on."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "identity.Person", related_name="message_preferences", on_delete=fields.CASCADE
    )
    person_id: int
    channel = fields.CharEnumField(MessageChannel, max_length=16)
    enabled = fields.BooleanField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "notifications_preference"
        unique_together = (("person", "channel"),)
