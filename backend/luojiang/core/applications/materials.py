"""Which of a case's materials the applicant may give or replace now (and that a supplement reopens
nothing else), and whether all are given."""

from __future__ import annotations

from collections.abc import Sequence

from luojiang.core.applications import repository
from luojiang.core.applications.models import Case, CaseMaterial, CaseState
from luojiang.core.catalogue.models import Matter
from luojiang.core.errors import DomainError


async def changeable(case: Case, material: str) -> str:
    """One of the matter's materials; while a supplement is asked for (补正), one the department
    named: the others stay as the department checked them."""
    matter, _ = await repository.matter_and_department(case.matter_id)
    if material not in {m["name"] for m in matter.materials}:
        raise DomainError.one("UNKNOWN_MATERIAL", "this matter asks for no such material", "material")
    if case.state is CaseState.SUPPLEMENT_REQUESTED:
        asked = await repository.last_step_into(case.id, CaseState.SUPPLEMENT_REQUESTED)
        if asked is None or material not in asked.details:
            raise DomainError.one(
                "NOT_REQUESTED", "only the materials the department asked for can be replaced", "material"
            )
    return material


def refuse_form_in_supplement(case: Case) -> None:
    """A supplement request names materials only (``request_supplements``): the form the
    department checked is not reopened with them."""
    if case.state is CaseState.SUPPLEMENT_REQUESTED:
        raise DomainError.one(
            "NOT_REQUESTED", "the department asked for materials only; the form stays as submitted", "form"
        )


def require_given(matter: Matter, given: Sequence[CaseMaterial]) -> None:
    names = {m.name for m in given}
    missing = [m["name"] for m in matter.materials if m.get("required") and m["name"] not in names]
    if missing:
        raise DomainError.one("MATERIALS_MISSING", f"still needed: {', '.join(missing[:10])}", "materials")
