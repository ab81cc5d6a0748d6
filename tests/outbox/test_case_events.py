"""The applications' CaseEvents port kept in the outbox: each destination that wants a case event
gets one message keyed by case number and version, written with the case change or not at all;
approvals of matters that produce a licence issue it through the outbox, once per case."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from pydantic import SecretStr
from starlette.applications import Starlette

from luojiang.app.outbox_wiring import ISSUE_LICENCE, NOTIFY_APPLICANT, TIANFU_CASE_SYNC, build_case_events
from luojiang.core import db
from luojiang.core.applications.ports import CaseEvent, DeadlineReminder
from luojiang.core.identity.models import Person
from luojiang.core.licences.case_events import LicenceFromCase
from luojiang.core.licences.models import Licence
from luojiang.core.licences.service import LicenceService
from luojiang.core.notifications.texts import case_text
from luojiang.core.outbox import repository
from luojiang.core.outbox.case_events import (
    OutboxCaseEvents,
    case_event_from,
    case_event_payload,
    every_event,
    reminder_from,
    reminder_payload,
)
from luojiang.core.outbox.models import OutboxStatus
from luojiang.core.outbox.writer import OutboxWriter
from luojiang.core.settings import Settings
from tests.applications.support import new_person, new_staff, service_with, submitted_case
from tests.licences.support import resident_id
from tests.outbox.support import Clock, RecordingQueue, delivery


def case_event(case_number: str, person_id: int, **changes: object) -> CaseEvent:
    event = CaseEvent(
        case_number=case_number,
        version=4,
        state="approved",
        previous_state="accepted",
        occurred_at=datetime(2026, 3, 1, 20, 30, tzinfo=UTC),
        applicant_person_id=person_id,
        enterprise_id=None,
        matter_code="LJ-RSJ-003",
        matter_name="社会保障卡申领",
        department_code="LJ-RSJ",
        channel="wechat",
        deadline=date(2026, 3, 20),
        produces_licence_type="LIC-SBK",
    )
    return replace(event, **changes)  # type: ignore[arg-type]


def test_events_and_reminders_survive_the_round_trip_through_json() -> None:
    event = case_event("C-1", 7, reason="材料不全")
    assert case_event_from(case_event_payload(event)) == event
    reminder = DeadlineReminder("C-1", "社会保障卡申领", "LJ-RSJ", date(2026, 3, 20), 2, (3, 4))
    assert reminder_from(reminder_payload(reminder)) == reminder


async def test_each_destination_gets_the_events_it_wants_once(app: object) -> None:
    queue, clock = RecordingQueue(), Clock()
    events = OutboxCaseEvents(
        writer=OutboxWriter(jobs=queue, clock=clock),
        case_destinations={"test.every": every_event, "test.approvals": lambda e: e.state == "approved"},
        reminder_destinations=("test.staff",),
    )
    number = resident_id()
    async with db.transaction():
        await events.record(case_event(f"A-{number}", 1, version=1, state="submitted", previous_state=None))
        await events.record(case_event(f"A-{number}", 1, version=2))
        await events.record(case_event(f"A-{number}", 1, version=2))  # the same change told twice
    every = await repository.messages_of("test.every", f"A-{number}")
    approvals = await repository.messages_of("test.approvals", f"A-{number}")
    assert [m.key for m in every] == [f"A-{number}:1", f"A-{number}:2"]
    assert [m.key for m in approvals] == [f"A-{number}:2"]
    assert approvals[0].payload["state"] == "approved"

    reminder = DeadlineReminder(f"A-{number}", "社会保障卡申领", "LJ-RSJ", date(2026, 3, 20), 2, (3,))
    for _ in range(2):
        async with db.transaction():
            await events.remind(reminder)
    [kept] = await repository.messages_of("test.staff", f"reminder:A-{number}:2026-03-20:2")
    assert kept.payload["staff_person_ids"] == [3]


async def test_an_approval_issues_its_licence_through_the_outbox_once(
    licences: LicenceService, settings: Settings
) -> None:
    queue, clock = RecordingQueue(), Clock()
    events = build_case_events(settings, queue, clock)
    person, number = Person(), resident_id()
    licences.issuer.personal.set_id_number(person, number)
    licences.issuer.personal.set_name(person, "钱罗江")
    await person.save()
    case_number = f"L-{number}"
    async with db.transaction():
        accepted = case_event(case_number, person.id, version=3, state="accepted", produces_licence_type=None)
        await events.record(accepted)
        await events.record(case_event(case_number, person.id))
    [message] = await repository.messages_of(ISSUE_LICENCE, case_number)  # only the approval
    outbox = delivery({ISSUE_LICENCE: LicenceFromCase(licences)}, queue, clock)
    assert await outbox.deliver(message.id) == "delivered"
    # the approval told again keeps no second message, and a redelivery issues nothing more
    async with db.transaction():
        await events.record(case_event(case_number, person.id))
    assert len(await repository.messages_of(ISSUE_LICENCE, case_number)) == 1
    await LicenceFromCase(licences)(message.payload)
    [licence] = await Licence.filter(case_number=case_number)
    assert (licence.holder_person_id, licence.licence_type) == (person.id, "LIC-SBK")


async def test_an_approval_that_cannot_issue_is_set_aside_not_retried(
    licences: LicenceService, settings: Settings
) -> None:
    queue, clock = RecordingQueue(), Clock()
    events = build_case_events(settings, queue, clock)
    person = await Person.create()  # no verified identity: the licence cannot name its holder
    async with db.transaction():
        await events.record(case_event(f"N-{person.id}", person.id))
    [message] = await repository.messages_of(ISSUE_LICENCE, f"N-{person.id}")
    assert (
        await delivery({ISSUE_LICENCE: LicenceFromCase(licences)}, queue, clock).deliver(message.id)
        == "failed"
    )
    failed = await repository.message_by_id(message.id)
    assert failed is not None
    assert (failed.status, failed.last_error) == (OutboxStatus.FAILED, "refused: INVALID_HOLDER")
    assert await Licence.filter(case_number=f"N-{person.id}").count() == 0


async def test_personal_data_in_a_reason_reaches_no_neighbour(app: Starlette, settings: Settings) -> None:
    tianfu = settings.model_copy(
        update={
            "tftb_case_api_base": "http://tftb.test",
            "tftb_app_id": "t",
            "tftb_app_secret": SecretStr("s"),
        }
    )
    # written later than any other test's clock reaches: no sweep of theirs delivers these rows
    events = build_case_events(tianfu, RecordingQueue(), Clock(datetime(2200, 1, 1, tzinfo=UTC)))
    service = service_with(app, events=events)
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant)
    reason = "电话13812345678、身份证510603199001011234与材料不符"
    await service.reject(staff, case.id, reason)
    payloads = [
        message.payload
        for destination in (NOTIFY_APPLICANT, TIANFU_CASE_SYNC)
        for message in await repository.messages_of(destination, case.case_number)
        if message.payload["state"] == "rejected"
    ]
    assert [p["reason"] for p in payloads] == ["电话[phone]、身份证[id-number]与材料不符"] * 2
    told = case_text(case_event_from(payloads[0]))  # the applicant's message
    assert told is not None
    assert told.data["note"] == "电话[phone]、身份证[id-nu…"  # 20 characters, none of them a number
