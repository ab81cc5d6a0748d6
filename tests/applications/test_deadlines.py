"""Promised time limits in working days (承诺时限) over the State Council's holidays and make-up
working days, paused while the applicant supplements; reminders to staff before a case is due,
once per (case, deadline, working days left)."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from starlette.applications import Starlette

from luojiang.core.applications.workdays import add_working_days, is_working_day, working_days_between
from tests.applications.support import (
    SLOW_MATTER,
    RecordingEvents,
    SetClock,
    beijing,
    new_person,
    new_staff,
    service_with,
    submitted_case,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 14), True),  # Saturday, made a working day for the Spring Festival
        (date(2026, 2, 16), False),  # Monday in the Spring Festival holiday
        (date(2026, 2, 28), True),  # Saturday, made a working day
        (date(2026, 9, 20), True),  # Sunday, made a working day for National Day
        (date(2026, 10, 5), False),  # Monday in the National Day holiday
        (date(2026, 10, 10), True),  # Saturday, made a working day
        (date(2026, 10, 11), False),  # an ordinary Sunday
    ],
)
def test_holidays_and_make_up_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_ten_working_days_across_the_spring_festival() -> None:
    # Thu 12 Feb 2026: 13 Fri, 14 Sat (make-up), the holiday 15-23, 24..27, 28 Sat (make-up), 2..4 Mar
    assert add_working_days(date(2026, 2, 12), 7) == date(2026, 2, 28)
    assert add_working_days(date(2026, 2, 12), 10) == date(2026, 3, 4)
    assert working_days_between(date(2026, 2, 12), date(2026, 3, 4)) == 10


def test_national_day_counts_its_make_up_sunday_and_saturday() -> None:
    # Fri 18 Sep: 20 Sun (make-up) 21..25, 28..30, holiday 1-7 Oct, 8, 9, 10 Sat (make-up)
    assert add_working_days(date(2026, 9, 18), 1) == date(2026, 9, 20)
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)


def test_a_case_accepted_on_a_holiday_starts_counting_on_the_next_working_day() -> None:
    assert add_working_days(date(2026, 10, 3), 0) == date(2026, 10, 8)
    assert add_working_days(date(2026, 10, 3), 1) == date(2026, 10, 9)


def test_a_year_the_calendar_does_not_know_counts_monday_to_friday_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # chinesecalendar publishes a year at a time; 2093 is beyond it (a year no other test uses,
    # so the one warning is this test's)
    caplog.set_level(logging.WARNING, logger="luojiang.core.applications.workdays")
    week = [date(2093, 3, day) for day in range(1, 9)]  # Sunday 1 to Sunday 8 March
    assert [is_working_day(day) for day in week] == [False, True, True, True, True, True, False, False]
    assert add_working_days(date(2093, 3, 6), 2) == date(2093, 3, 10)
    assert working_days_between(date(2093, 3, 1), date(2093, 3, 8)) == 5
    warnings = [r for r in caplog.records if "2093" in r.getMessage()]
    assert len(warnings) == 1


async def test_the_deadline_is_set_on_acceptance_and_waits_for_the_applicant(app: Starlette) -> None:
    clock = SetClock(beijing(2026, 2, 12))
    service = service_with(app, events=RecordingEvents(), clock=clock)
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant, SLOW_MATTER)  # promised: 10 working days
    accepted = await service.accept(staff, case.id)
    assert accepted.deadline == date(2026, 3, 4)
    clock.now = beijing(2026, 2, 13)
    await service.request_supplements(staff, case.id, {"近期免冠证件照片": "请补交"}, "")
    clock.now = beijing(2026, 2, 25)  # the applicant took 14 Feb (make-up day), 24 and 25 Feb
    resumed = await service.supplement(applicant, case.id)
    assert resumed.deadline == add_working_days(date(2026, 3, 4), 3)
    assert resumed.paused_on is None


async def test_staff_are_reminded_once_per_case_deadline_and_days_left(app: Starlette) -> None:
    events = RecordingEvents()
    clock = SetClock(beijing(2026, 9, 17))
    service = service_with(app, events=events, clock=clock)
    applicant, staff = await new_person(), await new_staff()
    case = await submitted_case(service, applicant, SLOW_MATTER)
    accepted = await service.accept(staff, case.id)  # Thu 17 Sep + 10: over 中秋 (25 Sep) and National Day
    assert accepted.deadline == date(2026, 10, 8)
    await service.remind_due(3)
    assert not [r for r in events.reminders if r.case_number == case.case_number]  # not due yet
    clock.now = beijing(2026, 9, 29)  # 29, 30 Sep and 8 Oct left: three working days
    await service.remind_due(3)
    await service.remind_due(3)  # the scheduler ran twice: one reminder
    mine = [r for r in events.reminders if r.case_number == case.case_number]
    assert [(r.deadline, r.working_days_left) for r in mine] == [(date(2026, 10, 8), 2)]
    assert staff.person_id not in mine[0].staff_person_ids  # a principal made by hand holds no role
    assert mine[0].department_code == "LJ-RSJ"
    clock.now = beijing(2026, 10, 2)  # in the holiday: one working day left (8 Oct)
    await service.remind_due(3)
    mine = [r for r in events.reminders if r.case_number == case.case_number]
    assert [r.working_days_left for r in mine] == [2, 1]
