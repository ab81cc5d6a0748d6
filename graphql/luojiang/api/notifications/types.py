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
    channel: MessageChannel = strawberry.field(description="How it was sent: WeChat, Alipay or SMS.")
    state: DeliveryState = strawberry.field(description="How far delivery got.")
    title: str = strawberry.field(description="The message's title.")
    body: str = strawberry.field(description="What it says.")
    case_number: str | None = strawberry.field(description="The case it is about, if any.")
    created_at: datetime = strawberry.field(description="When it was written.")
    failure_code: str | None = strawberry.field(
        description="The platform's reason when it failed, e.g. 43101 (not subscribed)."
    )

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
    channel: MessageChannel = strawberry.field(description="The channel.")
    enabled: bool = strawberry.field(description="False: never told on this channel.")


def preferences_of(disabled: set[models.MessageChannel]) -> list[MessagePreference]:
    return [
        MessagePreference(channel=MessageChannel(channel.value), enabled=channel not in disabled)
        for channel in models.MessageChannel
    ]


@strawberry.enum(description="Why a notification setting was not changed.")
class NotificationErrorCode(Enum):
    UNAUTHENTICATED = "UNAUTHENTICATED"


@strawberry.type(description="A problem with a notification setting.")
class NotificationError(UserError):
    code: NotificationErrorCode = strawberry.field(description="What went wrong.")

    @classmethod
    def from_problem(cls, problem: Problem) -> NotificationError:
        return cls(code=NotificationErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type(description="Every channel's setting after the change, or why not.")
class SetMessagePreferencePayload:
    preferences: list[MessagePreference] = strawberry.field(
        default_factory=list, description="Every channel's setting now."
    )
    errors: list[NotificationError] = strawberry.field(
        default_factory=list, description="Why nothing changed; empty on success."
    )
