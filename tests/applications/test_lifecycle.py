"""The case state machine through the service: the path every case takes, each step audited and
announced (CaseEvents) in its transaction; forbidden transitions refused with nothing changed."""

from __future__ import annotations

import asyncio

import pytest
from starlette.applications import Starlette

from luojiang.api.applications.types import ApplicationError, ApplicationErrorCode
from luojiang.core.applications.models import CaseMaterial, CaseState, CaseStep
from luojiang.core.applications.states import TRANSITIONS
from luojiang.core.errors import DomainError, NotFound
from tests.applications.support import (
    FORM,
    MATTER,
    OTHER_DEPARTMENT,
    PDF,
    PNG,
    RecordingEvents,
    new_person,
    new_staff,
    ready_case,
    service_with,
    submitted_case,
)

S = CaseState


async def test_a_case_goes_from_draft_to_approved_with_every_step_audited(app: Starlette) -> None:
    events = RecordingEvents()
    service = service_with(app, events=events)
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant)
    assert case.case_number.startswith("LJ2")
    assert case.state is S.SUBMITTED
    assert case.version == 1
    await service.accept(staff, case.id)
    await service.request_supplements(staff, case.id, {"近期免冠证件照片": "照片模糊"}, "请补正照片")
    await service.supplement(applicant, case.id)
    done = await service.approve(staff, case.id, "符合条件")
    assert done.state is S.APPROVED
    assert done.version == 5
    assert done.decided_at is not None
    steps = await CaseStep.filter(case_id=case.id).order_by("id")
    assert [(s.from_state, s.to_state, s.actor_id) for s in steps] == [
        (S.DRAFT, S.SUBMITTED, applicant.person_id),
        (S.SUBMITTED, S.ACCEPTED, staff.person_id),
        (S.ACCEPTED, S.SUPPLEMENT_REQUESTED, staff.person_id),
        (S.SUPPLEMENT_REQUESTED, S.SUPPLEMENTED, applicant.person_id),
        (S.SUPPLEMENTED, S.APPROVED, staff.person_id),
    ]
    assert steps[2].details == {"近期免冠证件照片": "照片模糊"}
    assert steps[2].reason == "请补正照片"
    assert [(e.version, e.state, e.previous_state) for e in events.events] == [
        (1, "submitted", None),
        (2, "accepted", "submitted"),
        (3, "supplement_requested", "accepted"),
        (4, "supplemented", "supplement_requested"),
        (5, "approved", "supplemented"),
    ]
    assert {e.case_number for e in events.events} == {case.case_number}
    assert events.events[0].matter_code == MATTER
    assert events.events[0].department_code == "LJ-RSJ"


@pytest.mark.parametrize(
    "path",
    [
        ("approve",),  # submitted -> approved skips acceptance
        ("accept", "withdraw"),  # accepted cases are not withdrawn
        ("accept", "approve", "reject"),  # a decision is final
        ("accept", "supplement"),  # nobody asked for a supplement
        ("withdraw", "accept"),
    ],
)
async def test_forbidden_transitions_are_refused_and_change_nothing(
    app: Starlette, path: tuple[str, ...]
) -> None:
    events = RecordingEvents()
    service = service_with(app, events=events)
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant)
    moves = {
        "accept": lambda: service.accept(staff, case.id),
        "approve": lambda: service.approve(staff, case.id),
        "reject": lambda: service.reject(staff, case.id, "不符合"),
        "withdraw": lambda: service.withdraw(applicant, case.id, "不办了"),
        "supplement": lambda: service.supplement(applicant, case.id),
    }
    for name in path[:-1]:
        await moves[name]()
    before = await CaseStep.filter(case_id=case.id).count()
    heard = len(events.events)
    with pytest.raises(DomainError) as refused:
        await moves[path[-1]]()
    assert refused.value.problems[0].code == "ILLEGAL_TRANSITION"
    assert await CaseStep.filter(case_id=case.id).count() == before
    assert len(events.events) == heard


def test_the_table_has_exactly_the_documented_transitions() -> None:
    assert {(a.value, b.value) for a, b in TRANSITIONS} == {
        ("draft", "submitted"),
        ("draft", "withdrawn"),
        ("submitted", "withdrawn"),
        ("submitted", "accepted"),
        ("submitted", "rejected"),
        ("accepted", "supplement_requested"),
        ("accepted", "approved"),
        ("accepted", "rejected"),
        ("supplement_requested", "supplemented"),
        ("supplemented", "supplement_requested"),
        ("supplemented", "approved"),
        ("supplemented", "rejected"),
    }


async def test_an_applicant_cannot_make_staff_transitions_nor_staff_the_applicants(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant)
    with pytest.raises(NotFound):  # the applicant is no staff of the department
        await service.accept(applicant, case.id)
    with pytest.raises(NotFound):  # staff are not the applicant
        await service.withdraw(staff, case.id, "")
    with pytest.raises(NotFound):  # another department's staff do not see it
        await service.accept(await new_staff(OTHER_DEPARTMENT), case.id)
    with pytest.raises(NotFound):  # staff never see drafts
        await service.accept(staff, (await ready_case(service, applicant)).id)


async def test_a_double_tap_submits_one_case(app: Starlette) -> None:
    events = RecordingEvents()
    service = service_with(app, events=events)
    applicant = await new_person()
    case = await ready_case(service, applicant)
    first, second = await asyncio.gather(
        service.submit(applicant, case.id, "tap-0000001"),
        service.submit(applicant, case.id, "tap-0000001"),
        return_exceptions=True,
    )
    submitted = [r for r in (first, second) if not isinstance(r, BaseException)]
    assert submitted
    assert all(r.id == case.id for r in submitted)
    again = await service.submit(applicant, case.id, "tap-0000001")
    assert again.state is S.SUBMITTED
    assert again.version == 1
    assert [e.state for e in events.events] == ["submitted"]
    assert await CaseStep.filter(case_id=case.id).count() == 1


async def test_withdrawing_a_draft_or_a_submitted_case(app: Starlette) -> None:
    events = RecordingEvents()
    service = service_with(app, events=events)
    applicant = await new_person()
    draft = await service.start(applicant, MATTER)
    assert (await service.withdraw(applicant, draft.id, "")).state is S.WITHDRAWN
    assert events.events == []  # a draft was never news to anyone
    case = await submitted_case(service, applicant)
    withdrawn = await service.withdraw(applicant, case.id, "材料有误，重新申请")
    assert withdrawn.state is S.WITHDRAWN
    assert events.events[-1].state == "withdrawn"
    assert events.events[-1].reason == "材料有误，重新申请"


async def test_a_rejection_needs_a_reason(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant)
    with pytest.raises(DomainError) as refused:
        await service.reject(staff, case.id, "  ")
    assert refused.value.problems[0].code == "REASON_REQUIRED"
    assert (await service.reject(staff, case.id, "不符合条件")).state is S.REJECTED


async def test_only_the_approval_of_a_matter_that_produces_a_licence_asks_for_one(app: Starlette) -> None:
    """The licences area issues on the approval's event (tests/outbox/test_case_events.py); the
    event names the licence only when the matter produces one and only for the approval."""
    from luojiang.core.catalogue.models import Matter

    events = RecordingEvents()
    service = service_with(app, events=events)
    applicant, staff = await new_person(), await new_staff()
    await Matter.filter(code=MATTER).update(produces_licence="LIC-JYCYZ")
    try:
        case = await submitted_case(service, applicant)
        await service.accept(staff, case.id)
        await service.approve(staff, case.id, "符合条件")
    finally:
        await Matter.filter(code=MATTER).update(produces_licence="")
    assert [(e.state, e.produces_licence_type) for e in events.events] == [
        ("submitted", None),
        ("accepted", None),
        ("approved", "LIC-JYCYZ"),
    ]
    other = await submitted_case(service, applicant)
    await service.accept(staff, other.id)
    await service.approve(staff, other.id)
    assert events.events[-1].produces_licence_type is None  # the matter produces nothing now


async def test_a_supplement_reopens_no_form_field_and_the_form_stays_as_checked(app: Starlette) -> None:
    """补正 names materials only: a new form is refused with NOT_REQUESTED, the kept form unchanged,
    while the material asked for can still be replaced."""
    service = service_with(app, events=RecordingEvents())
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant)
    await service.accept(staff, case.id)
    await service.request_supplements(staff, case.id, {"近期免冠证件照片": "照片模糊"}, "请补正照片")
    changed = {**FORM, "contact_phone": "13900000009"}
    with pytest.raises(DomainError) as refused:
        await service.save_form(applicant, case.id, changed)
    (problem,) = refused.value.problems
    assert (ApplicationError.from_problem(problem).code, problem.field) == (
        ApplicationErrorCode.NOT_REQUESTED,
        "form",
    )
    assert service.form_values(await service.case_for(applicant, case.id)) == FORM
    await service.add_upload(applicant, case.id, "近期免冠证件照片", PDF)
    supplemented = await service.supplement(applicant, case.id)
    with pytest.raises(DomainError) as after:  # nor once it is back with the department
        await service.save_form(applicant, case.id, changed)
    assert [p.code for p in after.value.problems] == ["NOT_EDITABLE"]
    assert service.form_values(await service.case_for(applicant, supplemented.id)) == FORM


async def test_a_supplement_replaces_only_the_materials_asked_for(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant)
    checked = {m.name: m.storage_key for m in await CaseMaterial.filter(case_id=case.id)}
    await service.accept(staff, case.id)
    await service.request_supplements(staff, case.id, {"近期免冠证件照片": "照片模糊"}, "请补正照片")
    with pytest.raises(DomainError) as refused:
        await service.add_upload(applicant, case.id, "居民身份证", PDF)
    (problem,) = refused.value.problems
    assert (ApplicationError.from_problem(problem).code, problem.field) == (
        ApplicationErrorCode.NOT_REQUESTED,
        "material",
    )
    await service.add_upload(applicant, case.id, "近期免冠证件照片", PDF)
    now = {m.name: m.storage_key for m in await CaseMaterial.filter(case_id=case.id)}
    assert now["居民身份证"] == checked["居民身份证"]
    assert now["近期免冠证件照片"] != checked["近期免冠证件照片"]
    await service.supplement(applicant, case.id)
    await service.request_supplements(staff, case.id, {"居民身份证": "过期"}, "请补正身份证")
    with pytest.raises(DomainError):  # the earlier request no longer opens the photo
        await service.add_upload(applicant, case.id, "近期免冠证件照片", PNG)
    await service.add_upload(applicant, case.id, "居民身份证", PNG)
