"""Turning a message channel off or on for the signed-in person."""

from __future__ import annotations

import strawberry

from luojiang.api.context import Info
from luojiang.api.errors import errors_in_payload
from luojiang.api.notifications.types import (
    MessageChannel,
    NotificationError,
    SetMessagePreferencePayload,
    preferences_of,
)
from luojiang.core.catalogue.permissions import viewer_id
from luojiang.core.errors import DomainError
from luojiang.core.notifications import models


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(description="Be told (or no longer told) on this channel.")
    @errors_in_payload(SetMessagePreferencePayload, NotificationError.from_problem)
    async def set_message_preference(
        self, info: Info, channel: MessageChannel, enabled: bool
    ) -> SetMessagePreferencePayload:
        who = viewer_id(info.context.viewer)
        if who is None:
            raise DomainError.one("UNAUTHENTICATED", "sign in to choose how you are told")
        service = info.context.services.notifications
        await service.set_channel(who, models.MessageChannel(channel.value), enabled)
        return SetMessagePreferencePayload(preferences=preferences_of(await service.disabled_channels(who)))
