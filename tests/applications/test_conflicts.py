"""Conflicts of interest: staff never accept, ask supplements on, approve or reject a case they
applied for, or one of an enterprise they may act for; such cases are not on their desk."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from luojiang.api.applications.types import ApplicationError, ApplicationErrorCode
from luojiang.core.applications.models import Case, CaseState
from luojiang.core.applications.service import ApplicationService, QueueFilter
from luojiang.core.errors import DomainError
from luojiang.core.identity.principal import Principal
from luojiang.core.pagination import PageRequest
from tests.applications.support import (
    BOTH_MATTER,
    FORM,
    PNG,
    RecordingEvents,
    department_id,
    new_enterprise,
    new_person,
    required_materials,
    service_with,
    submitted_case,
)

DESK = "LJ-RSJ"


async def submitted_for_enterprise(service: ApplicationService, agent: Principal, enterprise_id: int) -> Case:
    case = await service.start(agent, BOTH_MATTER, enterprise_id)
    await service.save_form(agent, case.id, FORM)
    for material in await required_materials(case):
        await service.add_upload(agent, case.id, material, PNG)
    return await service.submit(agent, case.id, f"key-{case.id}-submit")


async def queue_ids(service: ApplicationService, staff: Principal) -> set[int]:
    page = await service.queue(staff, PageRequest(first=100), QueueFilter())
    return {case.id for case in page.items}


def refused_as_conflict(error: pytest.ExceptionInfo[DomainError]) -> bool:
    """Refused with the code a front end reads in the mutation's payload."""
    (problem,) = error.value.problems
    shown = ApplicationError.from_problem(problem)
    return (shown.code, shown.field) == (ApplicationErrorCode.CONFLICT_OF_INTEREST, "caseId")


async def test_staff_do_not_decide_their_own_case(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    desk = frozenset({await department_id(DESK)})
    staff = await new_person(staff_department_ids=desk)
    own = await submitted_case(service, staff)
    colleague = await new_person(staff_department_ids=desk)
    for attempt in (
        service.accept(staff, own.id),
        service.reject(staff, own.id, "不符合"),
        service.approve(staff, own.id),
        service.request_supplements(staff, own.id, {"近期免冠证件照片": "模糊"}, "补正"),
    ):
        with pytest.raises(DomainError) as refused:
            await attempt
        assert refused_as_conflict(refused)
    assert (await Case.get(id=own.id)).state is CaseState.SUBMITTED
    assert own.id not in await queue_ids(service, staff)
    assert own.id in await queue_ids(service, colleague)
    await service.accept(colleague, own.id)
    with pytest.raises(DomainError) as refused:
        await service.approve(staff, own.id)
    assert refused_as_conflict(refused)


async def test_staff_do_not_decide_a_case_of_an_enterprise_they_act_for(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    desk = await department_id(DESK)
    representative = await new_person()
    enterprise_id = await new_enterprise(representative.person_id)
    representative = await new_person(enterprise_ids=frozenset({enterprise_id}))
    case = await submitted_for_enterprise(service, representative, enterprise_id)
    agent_staff = await new_person(
        staff_department_ids=frozenset({desk}), enterprise_ids=frozenset({enterprise_id})
    )
    with pytest.raises(DomainError) as refused:
        await service.accept(agent_staff, case.id)
    assert refused_as_conflict(refused)
    someone = await submitted_case(service, await new_person())
    assert case.id not in await queue_ids(service, agent_staff)
    assert someone.id in await queue_ids(service, agent_staff)  # a personal case stays on the desk
    impartial = await new_person(staff_department_ids=frozenset({desk}))
    assert (await service.accept(impartial, case.id)).state is CaseState.ACCEPTED
