"""The case state machine: the only place that says which transitions exist and who makes each.

Every change of ``Case.state`` goes through :func:`check_transition` (in the service) and is
applied by a guarded UPDATE naming the state it expects, so a change another request made first
is seen, never overwritten.
"""

from __future__ import annotations

from luojiang.core.applications.models import ActorRole, CaseState
from luojiang.core.errors import DomainError

S = CaseState
A = ActorRole.APPLICANT
STAFF = ActorRole.STAFF

# (from, to) -> who may make it
TRANSITIONS: dict[tuple[CaseState, CaseState], ActorRole] = {
    (S.DRAFT, S.SUBMITTED): A,
    (S.DRAFT, S.WITHDRAWN): A,
    (S.SUBMITTED, S.WITHDRAWN): A,
    (S.SUBMITTED, S.ACCEPTED): STAFF,
    (S.SUBMITTED, S.REJECTED): STAFF,  # 不予受理
    (S.ACCEPTED, S.SUPPLEMENT_REQUESTED): STAFF,
    (S.ACCEPTED, S.APPROVED): STAFF,
    (S.ACCEPTED, S.REJECTED): STAFF,
    (S.SUPPLEMENT_REQUESTED, S.SUPPLEMENTED): A,
    (S.SUPPLEMENTED, S.SUPPLEMENT_REQUESTED): STAFF,
    (S.SUPPLEMENTED, S.APPROVED): STAFF,
    (S.SUPPLEMENTED, S.REJECTED): STAFF,
}

DECIDED = frozenset({S.APPROVED, S.REJECTED})
# the applicant may change materials in these (during a supplement, only those named: materials.py)
EDITABLE = frozenset({S.DRAFT, S.SUPPLEMENT_REQUESTED})
# and the form only in a draft: a supplement request names materials, never form fields
FORM_EDITABLE = frozenset({S.DRAFT})
# on a staff member's desk: what the queue shows by default
OPEN = frozenset({S.SUBMITTED, S.ACCEPTED, S.SUPPLEMENT_REQUESTED, S.SUPPLEMENTED})
# the promised-time clock runs in these (paused while waiting for the applicant)
CLOCK_RUNS = frozenset({S.ACCEPTED, S.SUPPLEMENTED})


class IllegalTransition(DomainError):
    def __init__(self, current: CaseState, target: CaseState) -> None:
        message = f"a case that is {current.value} cannot become {target.value}"
        super().__init__(*DomainError.one("ILLEGAL_TRANSITION", message, "state").problems)
        self.current = current
        self.target = target


def check_transition(current: CaseState, target: CaseState, role: ActorRole) -> None:
    if TRANSITIONS.get((current, target)) != role:
        raise IllegalTransition(current, target)
