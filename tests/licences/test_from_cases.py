"""An approved application whose matter produces a licence issues it to the applicant (or the
enterprise applied for), once per case however often and however concurrently the event comes."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from luojiang.core.applications.ports import CaseEvent
from luojiang.core.errors import DomainError
from luojiang.core.identity.models import Person
from luojiang.core.licences.models import HolderKind, Licence
from luojiang.core.licences.service import LicenceService
from tests.licences.support import issue_business_licence, resident_id


def _event(case_number: str, person_id: int, **changes: object) -> CaseEvent:
    event = CaseEvent(
        case_number=case_number,
        version=5,
        state="approved",
        previous_state="in_review",
        occurred_at=datetime(2026, 3, 1, 20, 30, tzinfo=UTC),  # 2 March in Beijing
        applicant_person_id=person_id,
        enterprise_id=None,
        matter_code="LJ-RSJ-003",
        matter_name="社会保障卡申领",
        department_code="LJ-RSJ",
        channel="app",
        produces_licence_type="LIC-SBK",
    )
    return replace(event, **changes)  # type: ignore[arg-type]


async def _applicant(licences: LicenceService) -> tuple[Person, str]:
    person, number = Person(), resident_id()
    licences.issuer.personal.set_id_number(person, number)
    licences.issuer.personal.set_name(person, "钱罗江")
    await person.save()
    return person, number


async def test_an_approved_case_issues_its_licence_once(licences: LicenceService) -> None:
    person, number = await _applicant(licences)
    event = _event(f"C-{number}", person.id)
    first = await licences.issue_from_case(event)
    assert first is not None
    assert (first.holder_person_id, first.licence_type, first.case_number) == (
        person.id,
        "LIC-SBK",
        event.case_number,
    )
    assert first.valid_from.isoformat() == "2026-03-02"
    view = licences.view(first)
    assert (view.holder_name(full=True), view.holder_number(full=True)) == ("钱罗江", number)
    assert (await licences.check(first)).signature_valid
    again = await licences.issue_from_case(event)
    assert again is not None
    assert again.id == first.id
    assert await Licence.filter(case_number=event.case_number).count() == 1


async def test_the_same_event_twice_at_once_issues_one_licence(licences: LicenceService) -> None:
    person, number = await _applicant(licences)
    event = _event(f"D-{number}", person.id)
    issued = await asyncio.gather(
        *(licences.issue_from_case(event) for _ in range(3)), return_exceptions=True
    )
    ids = {getattr(result, "id", None) for result in issued}
    assert len(ids) == 1
    assert None not in ids, issued
    assert await Licence.filter(case_number=event.case_number).count() == 1


async def test_other_events_issue_nothing(licences: LicenceService) -> None:
    person, number = await _applicant(licences)
    for changes in ({"state": "accepted"}, {"produces_licence_type": None}):
        assert await licences.issue_from_case(_event(f"E-{number}", person.id, **changes)) is None
    assert await Licence.filter(case_number=f"E-{number}").count() == 0


async def test_an_enterprise_case_issues_to_the_enterprise(licences: LicenceService) -> None:
    _, enterprise = await issue_business_licence(licences)
    person, _ = await _applicant(licences)
    event = _event(
        f"F-{enterprise.credit_code}",
        person.id,
        enterprise_id=enterprise.id,
        produces_licence_type="LIC-SPJYXKZ",
        department_code="LJ-SCJGJ",
    )
    licence = await licences.issue_from_case(event)
    assert licence is not None
    assert (licence.holder_kind, licence.holder_enterprise_id) == (HolderKind.ENTERPRISE, enterprise.id)
    assert licence.valid_until is not None
    assert licence.valid_until.isoformat() == "2031-03-01"  # valid_years 5


async def test_an_applicant_without_a_verified_identity_gets_a_clear_error(licences: LicenceService) -> None:
    person = await Person.create()
    with pytest.raises(DomainError) as refused:
        await licences.issue_from_case(_event(f"G-{person.id}", person.id))
    assert refused.value.problems[0].code == "INVALID_HOLDER"
    assert await Licence.filter(case_number=f"G-{person.id}").count() == 0
