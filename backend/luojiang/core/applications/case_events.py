"""The :class:`CaseEvent` a change of state announces, and how far a case is from its deadline."""

from __future__ import annotations

from datetime import date, datetime

from luojiang.core.applications import states
from luojiang.core.applications.models import Case, CaseState
from luojiang.core.applications.ports import CaseEvent
from luojiang.core.applications.workdays import working_days_between
from luojiang.core.catalogue.models import Department, Matter
from luojiang.core.logs import mask

MAX_REASON = 500


def case_event(
    case: Case, previous: CaseState, matter: Matter, department: Department, reason: str, now: datetime
) -> CaseEvent:
    return CaseEvent(
        case_number=case.case_number,
        version=case.version,
        state=case.state.value,
        previous_state=None if previous is CaseState.DRAFT else previous.value,
        occurred_at=now,
        applicant_person_id=case.applicant_id,
        enterprise_id=case.enterprise_id,
        matter_code=matter.code,
        matter_name=matter.name,
        department_code=department.code,
        channel=case.channel,
        # staff write reasons freely; a phone or ID number in one stays out of every neighbour's copy
        # (the outbox, Tianfu Tongban, messages), masked as in the logs
        reason=mask(reason.strip())[:MAX_REASON] or None,
        deadline=case.deadline,
        # only an approval issues the licence the matter produces (the licences area listens)
        produces_licence_type=(matter.produces_licence or None) if case.state is CaseState.APPROVED else None,
    )


def deadline_left(case: Case, today: date) -> int | None:
    """Working days from ``today`` to the deadline (negative: overdue); None when no clock runs."""
    if case.deadline is None or case.state not in states.CLOCK_RUNS:
        return None
    return working_days_between(today, case.deadline)
