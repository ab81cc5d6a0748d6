"""People are told about their cases (issue 10): on the channel they applied from (a WeChat
subscribe message, checked by a fake speaking WeChat's protocol) or by SMS, never on a channel
they turned off; one message per event however often it arrives; its delivery state queued →
sent → delivered or failed; addresses encrypted at rest; staff told of deadlines."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from starlette.applications import Starlette

from luojiang.adapters.http import platform_client
from luojiang.adapters.sms.gateway import HttpSmsSender
from luojiang.adapters.wechat.access_token import StableAccessToken
from luojiang.adapters.wechat.subscribe import WeChatSubscribeSender
from luojiang.core.applications.ports import CaseEvent, DeadlineReminder
from luojiang.core.identity.models import AgentAuthorisation, ChannelIdentity, Enterprise, Person
from luojiang.core.notifications.models import DeliveryState, Message, MessageChannel
from luojiang.core.notifications.ports import DeliveryReport, SendUnavailable
from luojiang.core.notifications.service import SEND_DESTINATION, NotificationService
from luojiang.core.outbox import repository as outbox
from luojiang.core.outbox.case_events import case_event_payload, reminder_payload
from luojiang.core.outbox.writer import OutboxWriter
from tests.fakes.routing import FakeHosts
from tests.fakes.sms import FakeSms
from tests.fakes.wechat import FakeWeChat
from tests.outbox.support import Clock, RecordingQueue

APP_ID = "wx-notify-test"
TEMPLATES = {"accepted": "TPL-ACCEPTED", "approved": "TPL-APPROVED", "submitted": "TPL-SUBMITTED"}


@dataclass
class Desk:
    service: NotificationService
    wechat: FakeWeChat
    sms: FakeSms
    queue: RecordingQueue


@pytest.fixture
async def desk(app: Starlette) -> AsyncIterator[Desk]:
    services = app.state.services
    wechat = FakeWeChat(app_id=APP_ID, secret="wx-secret", templates=set(TEMPLATES.values()))
    sms = FakeSms(api_key="sms-key")
    hosts = FakeHosts({"wechat.test": wechat.app(), "sms.test": sms.app()})
    async with platform_client(hosts) as http:
        tokens = StableAccessToken(http, services.redis, "http://wechat.test", APP_ID, "wx-secret")
        queue, clock = RecordingQueue(), Clock()
        service = NotificationService(
            senders={
                MessageChannel.WECHAT: WeChatSubscribeSender(http, tokens, "http://wechat.test", TEMPLATES),
                MessageChannel.SMS: HttpSmsSender(http, "http://sms.test", "sms-key"),
            },
            personal=services.identity.personal,
            writer=OutboxWriter(queue, clock),
            clock=clock,
            app_ids={MessageChannel.WECHAT: APP_ID},
        )
        yield Desk(service, wechat, sms, queue)


async def _person(desk: Desk, *, openid: str | None = None) -> Person:
    person = Person()
    desk.service.personal.set_phone(person, f"139{secrets.randbelow(10**8):08d}")
    await person.save()
    if openid:
        await ChannelIdentity.create(person=person, channel="wechat", app_id=APP_ID, subject=openid)
    return person


def _event(
    person: Person, state: str = "accepted", channel: str = "wechat-miniprogram", **more: object
) -> dict:  # type: ignore[type-arg]
    return case_event_payload(
        CaseEvent(
            case_number=f"LJ{person.id:08d}",
            state=state,
            previous_state="submitted",
            occurred_at=datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
            applicant_person_id=person.id,
            matter_code="LJ-SCJGJ-001",
            matter_name="食品经营许可证核发（新办、延续、变更、注销）",
            department_code="LJ-SCJGJ",
            channel=channel,
            **{"version": 2, "enterprise_id": None, **more},  # type: ignore[arg-type]
        )
    )


async def _send_all(desk: Desk) -> None:
    for message_id in desk.queue.message_ids():
        row = await outbox.message_by_id(message_id)
        assert row is not None
        assert row.destination == SEND_DESTINATION
        await desk.service.send(row.payload)


async def test_a_wechat_applicant_gets_one_subscribe_message_per_event(desk: Desk) -> None:
    openid = f"o-{secrets.token_hex(6)}"
    person = await _person(desk, openid=openid)
    for _ in range(2):  # the outbox may deliver the event twice
        await desk.service.on_case_event(_event(person))
    [message] = await Message.filter(person_id=person.id)
    assert (message.channel, message.state, message.title) == (
        MessageChannel.WECHAT,
        DeliveryState.QUEUED,
        "申请已受理",
    )
    assert openid not in message.recipient_enc  # the address is kept only encrypted

    await _send_all(desk)
    [sent] = desk.wechat.subscribe_sent
    assert (sent["touser"], sent["template_id"], sent["page"]) == (
        openid,
        "TPL-ACCEPTED",
        f"pages/cases/detail?case=LJ{person.id:08d}",
    )
    assert sent["data"]["thing2"] == {"value": "食品经营许可证核发（新办、延续、变更、…"}  # 20 at most
    await message.refresh_from_db()
    assert (message.state, message.provider_ref) == (DeliveryState.SENT, "7000001")
    await _send_all(desk)  # a redelivered send job sends nothing more
    assert len(desk.wechat.subscribe_sent) == 1


async def test_a_refused_subscription_fails_the_message_without_retrying(desk: Desk) -> None:
    openid = f"o-{secrets.token_hex(6)}"
    desk.wechat.refused.add(openid)
    person = await _person(desk, openid=openid)
    await desk.service.on_case_event(_event(person))
    await _send_all(desk)
    [message] = await Message.filter(person_id=person.id)
    assert (message.state, message.failure_code) == (DeliveryState.FAILED, "SUBSCRIPTION_REFUSED")
    assert desk.wechat.subscribe_sent == []


async def test_a_channel_turned_off_is_never_used(desk: Desk) -> None:
    person = await _person(desk, openid=f"o-{secrets.token_hex(6)}")
    await desk.service.set_channel(person.id, MessageChannel.WECHAT, False)
    await desk.service.on_case_event(_event(person))
    await _send_all(desk)
    [message] = await Message.filter(person_id=person.id)
    assert message.channel == MessageChannel.SMS  # told by SMS instead
    phone = desk.service.personal.phone(person, full=True)
    assert [m["to"] for m in desk.sms.delivered] == [phone]
    assert phone not in message.recipient_enc

    await desk.service.set_channel(person.id, MessageChannel.SMS, False)
    await desk.service.on_case_event(_event(person, state="approved", version=3))
    assert await Message.filter(person_id=person.id).count() == 1


async def test_states_inside_the_department_tell_nobody(desk: Desk) -> None:
    person = await _person(desk)
    await desk.service.on_case_event(_event(person, state="in_review"))
    assert await Message.filter(person_id=person.id).count() == 0


async def test_an_unavailable_provider_leaves_the_message_queued_for_the_outbox_to_retry(desk: Desk) -> None:
    person = await _person(desk)
    await desk.service.on_case_event(_event(person, channel="app"))
    desk.sms.down = True
    [message_id] = desk.queue.message_ids()
    row = await outbox.message_by_id(message_id)
    assert row is not None
    with pytest.raises(SendUnavailable):
        await desk.service.send(row.payload)
    [message] = await Message.filter(person_id=person.id)
    assert (message.state, message.attempts) == (DeliveryState.QUEUED, 1)
    desk.sms.down = False
    await desk.service.send(row.payload)
    await message.refresh_from_db()
    assert message.state == DeliveryState.SENT


async def test_a_delivery_report_moves_a_sent_message_once(desk: Desk) -> None:
    person = await _person(desk)
    await desk.service.on_case_event(_event(person, channel="app"))
    await _send_all(desk)
    [message] = await Message.filter(person_id=person.id)
    assert message.provider_ref is not None
    report = DeliveryReport(provider_ref=message.provider_ref, delivered=True)
    assert await desk.service.report(MessageChannel.SMS, report) is True
    assert await desk.service.report(MessageChannel.SMS, report) is False  # replayed
    assert await desk.service.report(MessageChannel.WECHAT, report) is False  # another channel's reference
    assert (
        await desk.service.report(MessageChannel.SMS, DeliveryReport("no-such-ref", False, "UNDELIV"))
        is False
    )
    await message.refresh_from_db()
    assert message.state == DeliveryState.DELIVERED


async def test_staff_are_told_of_a_case_about_to_be_overdue(desk: Desk) -> None:
    first, second = await _person(desk), await _person(desk)
    reminder = DeadlineReminder(
        "LJ-R-1", "社会保障卡申领", "LJ-RSJ", date(2026, 3, 20), 2, (first.id, second.id)
    )
    for _ in range(2):
        await desk.service.on_reminder(reminder_payload(reminder))
    await _send_all(desk)
    phones = {desk.service.personal.phone(p, full=True) for p in (first, second)}
    assert {m["to"] for m in desk.sms.delivered} == phones
    assert len(desk.sms.delivered) == 2
    bodies = [m.body async for m in Message.filter(person_id__in=[first.id, second.id])]
    assert bodies == ["社会保障卡申领（LJ-R-1）将于2026-03-20到期，剩余2个工作日。"] * 2


async def test_an_agent_whose_authorisation_ended_hears_no_more_of_the_enterprises_cases(desk: Desk) -> None:
    agent, representative = await _person(desk), await _person(desk)
    enterprise = await Enterprise.create(
        credit_code=f"91510604MA{secrets.randbelow(10**7):07d}X", name="罗江代办企业",
        legal_representative_id=representative.id,
    )  # fmt: skip
    grant = await AgentAuthorisation.create(enterprise=enterprise, agent=agent, granted_by=representative)
    await desk.service.on_case_event(_event(agent, enterprise_id=enterprise.id, version=2))
    grant.revoked_at = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    await grant.save()
    await desk.service.on_case_event(_event(agent, state="approved", enterprise_id=enterprise.id, version=3))
    told = await Message.filter(person_id=agent.id).values_list("title", flat=True)
    assert told == ["申请已受理"]


async def test_once_the_agent_has_gone_the_legal_representative_hears_of_the_enterprises_case(
    desk: Desk,
) -> None:
    agent, colleague = await _person(desk, openid=f"o-{secrets.token_hex(6)}"), await _person(desk)
    representative = await _person(desk, openid=f"o-{secrets.token_hex(6)}")
    enterprise = await Enterprise.create(
        credit_code=f"91510604MB{secrets.randbelow(10**7):07d}X", name="罗江转交企业",
        legal_representative_id=representative.id,
    )  # fmt: skip
    grant = await AgentAuthorisation.create(enterprise=enterprise, agent=agent, granted_by=representative)
    await AgentAuthorisation.create(enterprise=enterprise, agent=colleague, granted_by=representative)
    await desk.service.on_case_event(_event(agent, enterprise_id=enterprise.id, version=2))
    assert await Message.filter(person_id=representative.id).count() == 0  # the agent still acts
    await AgentAuthorisation.filter(id=grant.id).update(revoked_at=datetime(2026, 3, 2, 2, tzinfo=UTC))
    for _ in range(2):  # delivered twice, told once
        await desk.service.on_case_event(
            _event(agent, state="approved", enterprise_id=enterprise.id, version=3)
        )
    [told] = await Message.filter(person_id=representative.id)
    assert (told.title, told.channel) == ("审批通过", MessageChannel.SMS)  # they never applied on WeChat
    assert await Message.filter(person_id=agent.id).values_list("title", flat=True) == ["申请已受理"]
    assert not await Message.filter(person_id=colleague.id).exists()  # another agent is not the applicant


async def test_an_enterprise_with_no_representative_known_tells_nobody_once_its_agent_has_gone(
    desk: Desk,
) -> None:
    agent, granter = await _person(desk), await _person(desk)
    enterprise = await Enterprise.create(
        credit_code=f"91510604MC{secrets.randbelow(10**7):07d}X", name="罗江无法人企业"
    )
    await AgentAuthorisation.create(
        enterprise=enterprise, agent=agent, granted_by=granter, revoked_at=datetime(2026, 3, 1, tzinfo=UTC)
    )
    await desk.service.on_case_event(_event(agent, state="approved", enterprise_id=enterprise.id, version=3))
    assert not await Message.filter(case_number=f"LJ{agent.id:08d}").exists()
