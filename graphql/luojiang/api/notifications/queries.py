"""The signed-in person's own messages and preferences (nobody else's can be asked for)."""

from __future__ import annotations

import strawberry

from luojiang.api.context import Info
from luojiang.api.notifications.types import Message, MessagePreference, preferences_of
from luojiang.core.catalogue.permissions import viewer_id


@strawberry.type
class NotificationQueries:
    @strawberry.field(
        description="The signed-in person's latest messages, newest first (1–100); empty for a visitor."
    )
    async def my_messages(self, info: Info, first: int = 20) -> list[Message]:
        who = viewer_id(info.context.viewer)
        if who is None:
            return []
        rows = await info.context.services.notifications.messages_of(who, first)
        return [Message.from_model(row) for row in rows]

    @strawberry.field(description="The signed-in person's channels, each on or off; empty for a visitor.")
    async def message_preferences(self, info: Info) -> list[MessagePreference]:
        who = viewer_id(info.context.viewer)
        if who is None:
            return []
        return preferences_of(await info.context.services.notifications.disabled_channels(who))
