"""Messages as their recipient sees them (no address), and channel preferences."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from luojiang.api.errors import UserError
from luojiang.core.errors import Problem
from luojiang.core.notifications import models


@strawberry.enum(description="How a message reaches its person.")
class MessageChannel(Enum):
    WECHAT = "wechat"
    ALIPAY = "alipay"
    SMS = "sms"


@strawberry.enum(description="queued → sent → delivered, or failed.")
class DeliveryState(Enum):
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"


@strawberry.type(description="One message sent to the signed-in person.")
class Message:
    channel: MessageChannel
    state: DeliveryState
    title: str
    body: str
    case_number: str | None
    created_at: datetime
    failure_code: str | None

    @classmethod
    def from_model(cls, row: models.Message) -> Message:
        return cls(
            channel=MessageChannel(str(row.channel)),
            state=DeliveryState(str(row.state)),
            title=row.title,
            body=row.body,
            case_number=row.case_number,
            created_at=row.created_at,
            failure_code=row.failure_code or None,
        )


@strawberry.type(description="Whether the person is told on this channel.")
class MessagePreference:
    channel: MessageChannel
    enabled: bool


def preferences_of(disabled: set[models.MessageChannel]) -> list[MessagePreference]:
    return [
        MessagePreference(channel=MessageChannel(channel.value), enabled=channel not in disabled)
        for channel in models.MessageChannel
    ]


@strawberry.enum
class NotificationErrorCode(Enum):
    UNAUTHENTICATED = "UNAUTHENTICATED"


@strawberry.type
class NotificationError(UserError):
    code: NotificationErrorCode

    @classmethod
    def from_problem(cls, problem: Problem) -> NotificationError:
        return cls(code=NotificationErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type
class SetMessagePreferencePayload:
    preferences: list[MessagePreference] = strawberry.field(default_factory=list)
    errors: list[NotificationError] = strawberry.field(default_factory=list)
