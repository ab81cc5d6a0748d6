"""Application test helpers: people as principals, a recording CaseEvents, a clock the test sets,
and small valid files."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette

from luojiang.core.applications.models import Case
from luojiang.core.applications.ports import CaseEvent, DeadlineReminder
from luojiang.core.applications.service import ApplicationService
from luojiang.core.catalogue.models import Department
from luojiang.core.identity.models import Enterprise, Person
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.storage.ports import Storage, StoredObject

MATTER = "LJ-RSJ-007"  # 就业创业证申领: person, 即办件, two required materials
SLOW_MATTER = "LJ-RSJ-001"  # 社会保障卡申领: person, 10 working days promised
BOTH_MATTER = "LJ-RSJ-011"  # 创业担保贷款申请: person or enterprise
DEPARTMENT = "LJ-RSJ"
# a department with no part in what the suite does elsewhere: it charges no fee (payment tests
# bill LJ-GAFJ) and issues no licence, so its staff seeing nothing proves the case rules alone
OTHER_DEPARTMENT = "LJ-YJGLJ"  # 应急管理局
FORM = {"contact_name": "王小罗", "contact_phone": "13900000001"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


class KeyRecordingStorage:
    """A storage that notes every key written to it (what a test checks was cleaned up), and calls
    ``before_put`` with the number of the write and ``after_delete`` (a test's way to order two
    requests at a chosen point)."""

    def __init__(
        self,
        inner: Storage,
        before_put: Callable[[int], Awaitable[None]] | None = None,
        after_delete: Callable[[], None] | None = None,
    ) -> None:
        self.inner = inner
        self.written: list[str] = []
        self.before_put = before_put
        self.after_delete = after_delete

    async def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        self.written.append(key)
        if self.before_put is not None:
            await self.before_put(len(self.written))
        return await self.inner.put(key, data, content_type)

    async def delete(self, key: str) -> None:
        await self.inner.delete(key)
        if self.after_delete is not None:
            self.after_delete()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class RecordingEvents:
    """CaseEvents that keeps what it hears, to assert on (the real one is the notifications area's)."""

    def __init__(self) -> None:
        self.events: list[CaseEvent] = []
        self.reminders: list[DeadlineReminder] = []

    async def record(self, event: CaseEvent) -> None:
        self.events.append(event)

    async def remind(self, reminder: DeadlineReminder) -> None:
        self.reminders.append(reminder)


class SetClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def beijing(year: int, month: int, day: int, hour: int = 10) -> datetime:
    """That moment in Beijing, as UTC."""
    return datetime(year, month, day, hour - 8, tzinfo=UTC)


def service_with(app: Starlette, **changes: Any) -> ApplicationService:
    base: ApplicationService = app.state.services.applications
    return dataclasses.replace(base, **changes)


async def new_person(assurance: Assurance = Assurance.L2, **principal: Any) -> Principal:
    person = await Person.create()
    return Principal(
        person_id=person.id,
        session_id=f"s-{person.id}",
        assurance=assurance,
        channel="wechat",
        **principal,
    )


async def department_id(code: str) -> int:
    return (await Department.get(code=code)).id


async def new_staff(code: str = DEPARTMENT) -> Principal:
    return await new_person(staff_department_ids=frozenset({await department_id(code)}))


async def new_enterprise(representative_id: int) -> int:
    count = await Enterprise.all().count()
    row = await Enterprise.create(
        credit_code=f"91510604AP{count:07d}X"[:18],
        name="罗江申请企业",
        legal_representative_id=representative_id,
    )
    return row.id


async def ready_case(service: ApplicationService, applicant: Principal, matter: str = MATTER) -> Case:
    """A draft with its form filled and every required material uploaded."""
    case = await service.start(applicant, matter)
    await service.save_form(applicant, case.id, FORM)
    for material in await required_materials(case):
        await service.add_upload(applicant, case.id, material, PNG)
    return case


async def required_materials(case: Case) -> list[str]:
    from luojiang.core.catalogue.models import Matter

    matter = await Matter.get(id=case.matter_id)
    return [m["name"] for m in matter.materials if m["required"]]


async def submitted_case(service: ApplicationService, applicant: Principal, matter: str = MATTER) -> Case:
    case = await ready_case(service, applicant, matter)
    return await service.submit(applicant, case.id, f"key-{case.id}-submit")
