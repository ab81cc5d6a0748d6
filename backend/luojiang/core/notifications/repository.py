"""Every notifications query. Delivery-state changes are guarded UPDATEs naming the state expected."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from luojiang.core.identity import repository as identity
from luojiang.core.identity.models import ChannelIdentity, Person
from luojiang.core.notifications.models import DeliveryState, Message, MessageChannel, Preference


async def message_by_key(key: str) -> Message | None:
    return await Message.get_or_none(key=key)


async def message_by_id(message_id: int) -> Message | None:
    return await Message.get_or_none(id=message_id)


async def add_message(**values: Any) -> Message:
    return await Message.create(**values)


async def messages_of(person_id: int, limit: int) -> list[Message]:
    return list(await Message.filter(person_id=person_id).order_by("-id").limit(limit))


async def start_attempt(message_id: int) -> bool:
    message = await Message.get_or_none(id=message_id, state=DeliveryState.QUEUED)
    if message is None:
        return False
    won = await Message.filter(id=message_id, state=DeliveryState.QUEUED, attempts=message.attempts).update(
        attempts=message.attempts + 1
    )
    return won == 1


async def mark_sent(message_id: int, provider_ref: str, now: datetime) -> None:
    await Message.filter(id=message_id, state=DeliveryState.QUEUED).update(
        state=DeliveryState.SENT, provider_ref=provider_ref, sent_at=now
    )


async def mark_failed(message_id: int, code: str, now: datetime, *, expected: DeliveryState) -> bool:
    won = await Message.filter(id=message_id, state=expected).update(
        state=DeliveryState.FAILED, failure_code=code[:32], failed_at=now
    )
    return won == 1


async def mark_delivered(provider_ref: str, channel: MessageChannel, now: datetime) -> bool:
    won = await Message.filter(provider_ref=provider_ref, channel=channel, state=DeliveryState.SENT).update(
        state=DeliveryState.DELIVERED, delivered_at=now
    )
    return won == 1


async def sent_message_by_ref(provider_ref: str, channel: MessageChannel) -> Message | None:
    return await Message.get_or_none(provider_ref=provider_ref, channel=channel, state=DeliveryState.SENT)


async def disabled_channels(person_id: int) -> set[MessageChannel]:
    rows = await Preference.filter(person_id=person_id, enabled=False)
    return {MessageChannel(row.channel) for row in rows}


async def set_preference(person_id: int, channel: MessageChannel, enabled: bool, now: datetime) -> None:
    """One statement (INSERT … ON CONFLICT DO UPDATE): two first choices at once make one row, where
    an UPDATE then an INSERT let both insert and one fail on the unique key."""
    row = Preference(person_id=person_id, channel=channel, enabled=enabled, updated_at=now)
    await Preference.bulk_create(
        [row], on_conflict=("person_id", "channel"), update_fields=("enabled", "updated_at")
    )


async def person(person_id: int) -> Person | None:
    return await identity.person(person_id)


async def acts_for(person_id: int, enterprise_id: int, now: datetime) -> bool:
    return enterprise_id in await identity.enterprise_ids_for(person_id, now)


async def legal_representative_id(enterprise_id: int) -> int | None:
    found = await identity.enterprise(enterprise_id)
    return found.legal_representative_id if found is not None else None


async def channel_identities(person_id: int) -> list[ChannelIdentity]:
    return await identity.channel_identities_of(person_id)
