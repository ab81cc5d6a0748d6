"""好差评: a decided case is rated once on the five national levels; a bad rating opens a
rectification task due in 15 working days that the department's staff answer once."""

from __future__ import annotations

from datetime import date

import pytest
from starlette.applications import Starlette

from luojiang.core.errors import DomainError, NotFound
from luojiang.core.pagination import PageRequest
from tests.applications.support import (
    OTHER_DEPARTMENT,
    RecordingEvents,
    SetClock,
    beijing,
    new_person,
    new_staff,
    service_with,
    submitted_case,
)


def code(error: pytest.ExceptionInfo[DomainError]) -> str:
    return error.value.problems[0].code


async def test_a_bad_rating_opens_a_rectification_the_department_answers(app: Starlette) -> None:
    clock = SetClock(beijing(2026, 9, 28))
    service = service_with(app, events=RecordingEvents(), clock=clock)
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant)
    with pytest.raises(DomainError) as undecided:
        await service.rate(applicant, case.id, 5, [], "")
    assert code(undecided) == "NOT_EDITABLE"
    await service.accept(staff, case.id)
    await service.reject(staff, case.id, "材料不全")
    rating = await service.rate(applicant, case.id, 1, ["多次跑动", "态度不好"], "跑了三次")
    # Mon 28 Sep + 15 working days: 29, 30 Sep, holiday 1-7 Oct, 8, 9, 10 (make-up), 12..16, 19..23
    assert rating.rectify_by == date(2026, 10, 23)
    with pytest.raises(DomainError) as twice:
        await service.rate(applicant, case.id, 5, [], "")
    assert code(twice) == "ALREADY_RATED"
    page = await service.rectifications(staff, _first(50))
    assert rating.id in [r.id for r in page.items]
    elsewhere = await service.rectifications(await new_staff(OTHER_DEPARTMENT), _first(50))
    assert rating.id not in [r.id for r in elsewhere.items]
    with pytest.raises(NotFound):
        await service.reply_to_rating(await new_staff(OTHER_DEPARTMENT), case.id, "已整改")
    answered = await service.reply_to_rating(staff, case.id, "已约谈窗口人员，整改到位")
    assert answered.reply == "已约谈窗口人员，整改到位"
    assert answered.replied_by_id == staff.person_id
    with pytest.raises(DomainError) as again:
        await service.reply_to_rating(staff, case.id, "再次答复")
    assert code(again) == "ALREADY_REPLIED"


async def test_good_ratings_need_no_answer_and_bad_input_is_refused(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant)
    await service.accept(staff, case.id)
    await service.approve(staff, case.id)
    for level, reasons, comment in ((0, [], ""), (6, [], ""), (5, ["随便写"], ""), (5, [], "长" * 501)):
        with pytest.raises(DomainError) as refused:
            await service.rate(applicant, case.id, level, reasons, comment)
        assert code(refused) == "INVALID_RATING"
    with pytest.raises(NotFound):
        await service.rate(await new_person(), case.id, 5, [], "")
    rating = await service.rate(applicant, case.id, 5, ["一次办成"], "")
    assert rating.rectify_by is None
    with pytest.raises(DomainError) as good:
        await service.reply_to_rating(staff, case.id, "谢谢")
    assert code(good) == "NOT_RECTIFIABLE"


def _first(n: int) -> PageRequest:
    return PageRequest(first=n)
