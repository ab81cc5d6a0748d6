"""Who may see and act on a case: its applicant (or whoever may act for its enterprise now) and,
once it has reached the department, that department's staff. To anyone else it does not exist."""

from __future__ import annotations

from luojiang.core.applications.models import ActorRole, Case, CaseState
from luojiang.core.errors import DomainError
from luojiang.core.identity.principal import Principal


def applies(viewer: Principal | None, case: Case) -> bool:
    """The case is the viewer's own application, or an enterprise's the viewer may act for now."""
    if viewer is None:
        return False
    if case.enterprise_id is not None:
        # only while they may act for it: an agent whose authorisation ended loses its cases,
        # the ones they applied for too
        return viewer.may_act_for(case.enterprise_id)
    return case.applicant_id == viewer.person_id


def handles(viewer: Principal | None, case: Case) -> bool:
    """The viewer is staff of the case's department, and the case has reached it (not a draft)."""
    return viewer is not None and case.state is not CaseState.DRAFT and viewer.is_staff_of(case.department_id)


def may_see(viewer: Principal | None, case: Case) -> bool:
    return applies(viewer, case) or handles(viewer, case)


def require_impartial(staff: Principal, case: Case) -> None:
    """Staff never decide their own application, nor one of an enterprise they may act for: the
    applicant would be approving themselves (conflict of interest)."""
    own = case.applicant_id == staff.person_id
    if own or (case.enterprise_id is not None and staff.may_act_for(case.enterprise_id)):
        raise DomainError.one(
            "CONFLICT_OF_INTEREST",
            "staff do not handle a case they, or an enterprise they act for, applied for",
            "caseId",
        )


_STAFF_TARGETS = frozenset(
    {CaseState.ACCEPTED, CaseState.SUPPLEMENT_REQUESTED, CaseState.APPROVED, CaseState.REJECTED}
)


def role_for(target: CaseState) -> ActorRole:
    """Who makes the change into ``target`` (states.TRANSITIONS says from where)."""
    return ActorRole.STAFF if target in _STAFF_TARGETS else ActorRole.APPLICANT


def require_state(case: Case, allowed: frozenset[CaseState]) -> None:
    if case.state not in allowed:
        raise DomainError.one(
            "NOT_EDITABLE", f"a case that is {case.state.value} cannot be changed", "caseId"
        )


def signed_in(viewer: Principal | None) -> Principal:
    if viewer is None:
        raise DomainError.one("UNAUTHENTICATED", "log in to apply")
    return viewer
