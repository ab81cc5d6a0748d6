"""Holders hear of a licence about to expire once per licence and threshold (30 days, then 7
days before its last valid day), however often the daily job runs."""

from __future__ import annotations

from datetime import timedelta

from luojiang.core.identity.models import Person
from luojiang.core.licences.models import Licence
from luojiang.core.licences.service import LicenceService
from luojiang.core.notifications.models import Message, MessageChannel, MessageKind
from tests.licences.support import issue_social_card
from tests.notifications.test_messages import Desk, desk

__all__ = ["desk"]


async def test_a_holder_is_told_once_per_threshold(desk: Desk, licences: LicenceService) -> None:
    licence, _ = await issue_social_card(licences)
    holder = await Person.get(id=licence.holder_person_id)
    desk.service.personal.set_phone(holder, "13912345678")
    await holder.save()
    last_day = licence.valid_from + timedelta(days=400)
    await Licence.filter(id=licence.id).update(valid_until=last_day)

    for _ in range(2):
        await desk.service.remind_expiring(last_day - timedelta(days=20))
    for _ in range(2):
        await desk.service.remind_expiring(last_day - timedelta(days=5))
    messages = await Message.filter(person_id=holder.id, kind=MessageKind.LICENCE_EXPIRY).order_by("id")
    assert [(m.key, m.channel) for m in messages] == [
        (f"licence:{licence.id}:30:{holder.id}", MessageChannel.SMS),
        (f"licence:{licence.id}:7:{holder.id}", MessageChannel.SMS),
    ]
    assert messages[1].body == f"您的社会保障卡将于{last_day:%Y-%m-%d}到期（5天后），请及时办理延续。"
    assert "13912345678" not in messages[0].recipient_enc


async def test_a_revoked_or_far_from_expiry_licence_tells_nobody(
    desk: Desk, licences: LicenceService
) -> None:
    licence, _ = await issue_social_card(licences)
    last_day = licence.valid_from + timedelta(days=400)
    await Licence.filter(id=licence.id).update(valid_until=last_day, status="revoked")
    await desk.service.remind_expiring(last_day - timedelta(days=3))
    await Licence.filter(id=licence.id).update(status="valid")
    await desk.service.remind_expiring(last_day - timedelta(days=31))
    assert (
        await Message.filter(person_id=licence.holder_person_id, kind=MessageKind.LICENCE_EXPIRY).count() == 0
    )
