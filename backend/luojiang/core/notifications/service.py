"""The rules of telling people.

Case events and deadline reminders arrive from the outbox (after the case change committed). For
each, the person is told on the channel they applied from (WeChat, Alipay), else by SMS, unless
they turned that channel off (an enterprise's case whose agent has gone: its legal representative,
by SMS); one message row per (event, person) is written with an outbox row that sends it, in one
transaction, so a worker killed mid-send loses nothing (the outbox retries, with backoff). A
platform that refuses a message (WeChat 43101: no subscription) fails it at once; one that stays
unavailable fails it after ``SEND_ATTEMPTS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from luojiang.core import db
from luojiang.core.applications.ports import CaseEvent
from luojiang.core.identity.personal import PersonalData
from luojiang.core.licences import repository as licences
from luojiang.core.notifications import repository
from luojiang.core.notifications.models import DeliveryState, Message, MessageChannel, MessageKind
from luojiang.core.notifications.ports import (
    DeliveryReport,
    MessageSender,
    Outgoing,
    SendRefused,
    SendUnavailable,
)
from luojiang.core.notifications.texts import Text, case_text, expiry_text, reminder_text
from luojiang.core.outbox.case_events import case_event_from, reminder_from
from luojiang.core.outbox.writer import OutboxWriter
from luojiang.core.security.fields import FieldCipher

SEND_DESTINATION = "notifications.send"
SEND_ATTEMPTS = 10
EXPIRY_THRESHOLDS = (30, 7)  # days before a licence's last valid day
RECIPIENT_CONTEXT = "notifications.recipient"
CHANNEL_OF_FRONT_END = {
    "wechat": MessageChannel.WECHAT,
    "wechat-miniprogram": MessageChannel.WECHAT,
    "alipay": MessageChannel.ALIPAY,
    "alipay-miniprogram": MessageChannel.ALIPAY,
}


@dataclass(frozen=True)
class NotificationService:
    senders: Mapping[MessageChannel, MessageSender]
    personal: PersonalData
    writer: OutboxWriter
    clock: Callable[[], datetime]
    # the mini-program apps whose openids address WeChat and Alipay messages
    app_ids: Mapping[MessageChannel, str]
    page: str = "pages/cases/detail"

    @property
    def cipher(self) -> FieldCipher:
        return self.personal.cipher

    # ---- the outbox's destinations ---------------------------------------------------------------

    async def on_case_event(self, payload: Mapping[str, Any], /) -> None:
        event = case_event_from(payload)
        text = case_text(event)
        if text is None:
            return  # a state inside the department: nobody is told
        told = await self._told_of_case(event)
        if told is not None:
            person_id, preferred = told
            key = f"case:{event.case_number}:{event.version}"
            await self._tell(person_id, MessageKind.CASE_UPDATE, key, text, preferred)

    async def on_reminder(self, payload: Mapping[str, Any], /) -> None:
        reminder = reminder_from(payload)
        key = f"deadline:{reminder.case_number}:{reminder.deadline.isoformat()}:{reminder.working_days_left}"
        for staff_id in reminder.staff_person_ids:
            await self._tell(
                staff_id, MessageKind.DEADLINE_REMINDER, key, reminder_text(reminder), MessageChannel.SMS
            )

    async def send(self, payload: Mapping[str, Any], /) -> None:
        message_id = int(payload["message_id"])
        if not await repository.start_attempt(message_id):
            return  # sent, failed or gone: a repeated delivery does nothing
        message = await repository.message_by_id(message_id)
        if message is None:
            return
        try:
            reference = await self.senders[MessageChannel(message.channel)].send(self._outgoing(message))
        except SendRefused as refused:
            await repository.mark_failed(
                message.id, refused.code, self.clock(), expected=DeliveryState.QUEUED
            )
            return
        except (SendUnavailable, KeyError):
            if message.attempts + 1 >= SEND_ATTEMPTS:
                await repository.mark_failed(
                    message.id, "TECHNICAL_FAILURE", self.clock(), expected=DeliveryState.QUEUED
                )
                return
            raise
        await repository.mark_sent(message.id, reference, self.clock())

    async def remind_expiring(self, today: date, limit: int = 1000) -> int:
        """Tell holders of valid licences about to expire: once per licence and threshold (30 days,
        then 7), however often this runs; returns how many were told."""
        told, nearer = 0, 0
        for threshold in sorted(EXPIRY_THRESHOLDS):
            window = (today + timedelta(days=nearer), today + timedelta(days=threshold))
            expiring = await licences.valid_expiring(*window, limit)
            names = await licences.licence_type_names({row.licence_type for row in expiring})
            for licence in expiring:
                person_id = await licences.holder_person_id(licence)
                if person_id is None or licence.valid_until is None:
                    continue
                days = (licence.valid_until - today).days
                text = expiry_text(names.get(licence.licence_type, "证照"), licence.valid_until, days)
                key = f"licence:{licence.id}:{threshold}"
                told += (
                    await self._tell(person_id, MessageKind.LICENCE_EXPIRY, key, text, MessageChannel.SMS)
                    is not None
                )
            nearer = threshold + 1
        return told

    # ---- delivery reports, the person's own view -----------------------------------------------

    async def report(self, channel: MessageChannel, report: DeliveryReport) -> bool:
        """A verified delivery report: sent → delivered or failed, once; False when no sent message
        has that reference (unknown, or already reported)."""
        now = self.clock()
        if report.delivered:
            return await repository.mark_delivered(report.provider_ref, channel, now)
        message = await repository.sent_message_by_ref(report.provider_ref, channel)
        if message is None:
            return False
        return await repository.mark_failed(
            message.id, report.code or "NOT_DELIVERED", now, expected=DeliveryState.SENT
        )

    async def messages_of(self, person_id: int, limit: int = 50) -> list[Message]:
        return await repository.messages_of(person_id, min(max(limit, 1), 100))

    async def disabled_channels(self, person_id: int) -> set[MessageChannel]:
        return await repository.disabled_channels(person_id)

    async def set_channel(self, person_id: int, channel: MessageChannel, enabled: bool) -> None:
        await repository.set_preference(person_id, channel, enabled, self.clock())

    # ---- choosing the channel and writing the message -------------------------------------------

    async def _told_of_case(self, event: CaseEvent) -> tuple[int, MessageChannel] | None:
        """Who hears of a case, and on which channel first: its applicant, on the channel they applied
        from. An agent whose authorisation for the enterprise ended hears no more of its cases; its
        legal representative does instead, by SMS (they applied from no channel), so that the
        enterprise still hears of its own case. None: an enterprise with no representative known."""
        applied_from = CHANNEL_OF_FRONT_END.get(event.channel, MessageChannel.SMS)
        if event.enterprise_id is None:
            return event.applicant_person_id, applied_from
        if await repository.acts_for(event.applicant_person_id, event.enterprise_id, self.clock()):
            return event.applicant_person_id, applied_from
        representative = await repository.legal_representative_id(event.enterprise_id)
        return (representative, MessageChannel.SMS) if representative is not None else None

    async def _tell(
        self, person_id: int, kind: MessageKind, key: str, text: Text, preferred: MessageChannel
    ) -> Message | None:
        key = f"{key}:{person_id}"
        if await repository.message_by_key(key) is not None:
            return None  # the same event, delivered again
        address = await self._address(person_id, preferred)
        if address is None:
            return None  # every channel off, or none reaches the person
        channel, recipient = address
        async with db.transaction():
            message = await repository.add_message(
                person_id=person_id,
                kind=kind,
                channel=channel,
                key=key,
                topic=text.topic,
                case_number=text.data.get("case_number") or None,
                title=text.title,
                body=text.body,
                data=text.data,
                recipient_enc=self.cipher.encrypt(recipient, RECIPIENT_CONTEXT),
                created_at=self.clock(),
            )
            await self.writer.write(
                destination=SEND_DESTINATION,
                key=f"message:{message.id}",
                stream=f"message:{message.id}",
                payload={"message_id": message.id},
            )
        return message

    async def _address(self, person_id: int, preferred: MessageChannel) -> tuple[MessageChannel, str] | None:
        disabled = await repository.disabled_channels(person_id)
        for channel in dict.fromkeys((preferred, MessageChannel.SMS)):
            if channel in disabled or channel not in self.senders:
                continue
            recipient = await self._recipient(person_id, channel)
            if recipient:
                return channel, recipient
        return None

    async def _recipient(self, person_id: int, channel: MessageChannel) -> str | None:
        if channel is MessageChannel.SMS:
            person = await repository.person(person_id)
            return self.personal.phone(person, full=True) if person else None
        for identity in await repository.channel_identities(person_id):
            if identity.channel == channel.value and identity.app_id == self.app_ids.get(channel):
                return identity.subject
        return None

    def _outgoing(self, message: Message) -> Outgoing:
        return Outgoing(
            message_id=message.id,
            recipient=self.cipher.decrypt(message.recipient_enc, RECIPIENT_CONTEXT),
            topic=message.topic,
            title=message.title,
            body=message.body,
            data=dict(message.data),
            page=f"{self.page}?case={message.case_number}" if message.case_number else self.page,
        )
