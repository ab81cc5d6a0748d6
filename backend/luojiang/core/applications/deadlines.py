"""Reminders before a case goes overdue: for every case whose clock runs and whose deadline is
within ``within`` working days (or past), the department's staff are reminded once per
(case, deadline, working days left), through ``CaseEvents.remind`` in the transaction that claims it.
A deadline that moves (a supplement) is a new deadline, reminded afresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from luojiang.core import db
from luojiang.core.applications import repository, states
from luojiang.core.applications.models import Case, CaseState
from luojiang.core.applications.ports import CaseEvents, DeadlineReminder
from luojiang.core.applications.workdays import add_working_days, beijing_day, working_days_between


async def remind_due(events: CaseEvents, clock: Callable[[], datetime], within: int) -> int:
    """Returns how many reminders were given now."""
    today = beijing_day(clock())
    due = await repository.cases_due_by(states.CLOCK_RUNS, add_working_days(today, within))
    if not due:
        return 0
    matters = await repository.matters_by_ids(sorted({c.matter_id for c in due}))
    departments = await repository.departments_by_ids(sorted({c.department_id for c in due}))
    staff: dict[int, tuple[int, ...]] = {}
    given = 0
    for case in due:
        assert case.deadline is not None  # noqa: S101 -- cases_due_by filters on it
        left = working_days_between(today, case.deadline)
        if case.department_id not in staff:
            staff[case.department_id] = tuple(await repository.staff_person_ids(case.department_id))
        reminder = DeadlineReminder(
            case_number=case.case_number,
            matter_name=matters[case.matter_id].name,
            department_code=departments[case.department_id].code,
            deadline=case.deadline,
            working_days_left=left,
            staff_person_ids=staff[case.department_id],
        )
        try:
            async with db.transaction():
                if await repository.claim_reminder(case.id, case.deadline, left):
                    await events.remind(reminder)
                    given += 1
        except IntegrityError:  # another worker claimed it at the same moment: it reminds
            continue
    return given


def clock_changes(case: Case, target: CaseState, today: date) -> dict[str, Any]:
    """Waiting for the applicant stops the clock; their answer moves the deadline on by the
    working days they took."""
    if target is CaseState.SUPPLEMENTED and case.paused_on is not None and case.deadline is not None:
        waited = max(0, working_days_between(case.paused_on, today))
        return {"deadline": add_working_days(case.deadline, waited), "paused_on": None}
    return {}
