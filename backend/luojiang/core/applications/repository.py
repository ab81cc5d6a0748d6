"""Every online-application query. A state change is a guarded UPDATE that names the state it
expects (the service decides what losing the race means); lists are keyset pages, one statement
each; the relations of a page load in one statement per relation (see api/applications/loaders)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.expressions import F, Q

from luojiang.core import db
from luojiang.core.applications.models import (
    Case,
    CaseMaterial,
    CaseState,
    CaseStep,
    MaterialKind,
    Rating,
    ReminderSent,
)
from luojiang.core.catalogue import repository as catalogue_repository
from luojiang.core.catalogue.models import Department, Matter
from luojiang.core.identity import repository as people
from luojiang.core.pagination import Page, PageRequest, paginate

# ---- the neighbours' rows a case refers to: through their repositories ------------------------

staff_person_ids = people.staff_person_ids
person_by_phone_hash = people.person_by_phone_hash
save_person = people.save_person
grant_staff_role = people.grant_staff_role
department_id_by_code = catalogue_repository.department_id_by_code


async def current_matter(code: str) -> Matter | None:
    return (await catalogue_repository.by_codes(Matter, [code])).get(code)


async def matter_and_department(matter_id: int) -> tuple[Matter, Department]:
    """A case's matter and its department, retired or not (a case outlives its catalogue entry):
    one statement."""
    matter = await catalogue_repository.matter_with_department(matter_id)
    if matter is None:  # a non-null foreign key: only a broken database gets here
        raise LookupError(f"matter {matter_id} is missing")
    return matter, matter.department


async def matters_by_ids(ids: Sequence[int]) -> dict[int, Matter]:
    return await catalogue_repository.matters_by_ids(ids)


async def departments_by_ids(ids: Sequence[int]) -> dict[int, Department]:
    return await catalogue_repository.departments_by_ids(ids)


# ---- cases -------------------------------------------------------------------------------------


async def create_case(number_prefix: str, **values: Any) -> Case:
    """A new draft; its number is the prefix and its key, so numbers never repeat or collide.
    Inside the caller's transaction (the row is never seen without its number)."""
    case = await Case.create(case_number=f"pending-{uuid.uuid4().hex[:24]}", **values)
    case.case_number = f"{number_prefix}{case.id:08d}"
    await Case.filter(id=case.id).update(case_number=case.case_number)
    return case


async def case(case_id: int) -> Case | None:
    return await Case.get_or_none(id=case_id)


async def cases_by_ids(ids: Sequence[int]) -> dict[int, Case]:
    return {row.id: row for row in await Case.filter(id__in=list(ids))}


async def case_by_submit_key(applicant_id: int, key: str) -> Case | None:
    return await Case.get_or_none(applicant_id=applicant_id, submit_key=key)


async def move(case_id: int, expected: CaseState, target: CaseState, changes: dict[str, Any]) -> bool:
    """The change, if the case is still in ``expected``; False when another request moved it first."""
    won = await Case.filter(id=case_id, state=expected).update(
        state=target, version=F("version") + 1, **changes
    )
    return won == 1


def moved_in_memory(case: Case, target: CaseState, changes: dict[str, Any]) -> None:
    """After :func:`move` won: the row is the case as read plus exactly these changes, so the
    caller keeps its object instead of reading the row again."""
    case.update_from_dict({**changes, "state": target, "version": case.version + 1})


async def save_form(case_id: int, states: Collection[CaseState], form_enc: str) -> bool:
    won = await Case.filter(id=case_id, state__in=list(states)).update(form_enc=form_enc)
    return won == 1


def _mine(person_id: int, enterprise_ids: Collection[int]) -> Q:
    """As ``access.applies``: an enterprise's cases only while the person may act for it."""
    mine = Q(applicant_id=person_id, enterprise_id__isnull=True)
    if enterprise_ids:
        mine |= Q(enterprise_id__in=list(enterprise_ids))
    return mine


async def my_case_page(
    request: PageRequest, person_id: int, enterprise_ids: Collection[int], states: Collection[CaseState]
) -> Page[Case]:
    query = Case.filter(_mine(person_id, enterprise_ids))
    if states:
        query = query.filter(state__in=list(states))
    return await paginate(query, request)


@dataclass(frozen=True)
class Desk:
    """Whose queue: their departments' cases, less those they or their enterprises applied for."""

    department_ids: Collection[int]
    person_id: int
    enterprise_ids: Collection[int]


async def queue_page(
    request: PageRequest,
    desk: Desk,
    states: Collection[CaseState],
    matter_ids: Collection[int] | None,
    due_by: date | None,
) -> Page[Case]:
    """A department's desk: one statement for the page, whatever its size."""
    query = Case.filter(department_id__in=list(desk.department_ids), state__in=list(states))
    query = query.exclude(applicant_id=desk.person_id)
    if desk.enterprise_ids:
        # NOT IN alone would drop every personal case too (NULL is never NOT IN anything)
        query = query.filter(Q(enterprise_id__isnull=True) | ~Q(enterprise_id__in=list(desk.enterprise_ids)))
    if matter_ids is not None:
        query = query.filter(matter_id__in=list(matter_ids))
    if due_by is not None:
        query = query.filter(deadline__lte=due_by)
    return await paginate(query, request)


async def cases_due_by(states: Collection[CaseState], day: date) -> list[Case]:
    return await Case.filter(state__in=list(states), deadline__lte=day).order_by("id")


# ---- steps and materials -----------------------------------------------------------------------


async def add_step(**values: Any) -> CaseStep:
    return await CaseStep.create(**values)


async def last_step_into(case_id: int, state: CaseState) -> CaseStep | None:
    return await CaseStep.filter(case_id=case_id, to_state=state).order_by("-id").first()


async def steps_of(case_ids: Sequence[int]) -> list[CaseStep]:
    return await CaseStep.filter(case_id__in=list(case_ids)).order_by("id")


async def replace_material(
    case_id: int, name: str, at: datetime, **values: Any
) -> tuple[CaseMaterial | None, CaseMaterial]:
    """The case's material of this name before and after a new file or licence replaces it.

    Changes to one case's materials wait for each other on the case row (SELECT … FOR UPDATE, in
    a transaction of their own or the caller's): two uploads at once each replace what the other
    kept, so the caller deletes every file the case stops naming. Where both read the material
    first, the second would delete the file both replaced and leave the first's, named by nothing.
    SQLite has no row locks; its transactions take the one connection in turn, which serialises
    the same way."""
    async with db.transaction():
        await Case.select_for_update().filter(id=case_id).first()
        before = await material(case_id, name)
        row = CaseMaterial(case_id=case_id, name=name, added_at=at, **values)
        await CaseMaterial.bulk_create(
            [row], on_conflict=("case_id", "name"), update_fields=(*values, "added_at")
        )
        return before, await CaseMaterial.get(case_id=case_id, name=name)


async def material(case_id: int, name: str) -> CaseMaterial | None:
    return await CaseMaterial.get_or_none(case_id=case_id, name=name)


async def materials_of(case_ids: Sequence[int]) -> list[CaseMaterial]:
    return await CaseMaterial.filter(case_id__in=list(case_ids)).order_by("id")


async def uploaded_files_after(after_id: int, limit: int) -> list[tuple[int, str]]:
    """``(material id, storage key)`` of uploaded files, by id: what re-encryption pages through."""
    rows = (
        await CaseMaterial.filter(id__gt=after_id, kind=MaterialKind.UPLOAD)
        .order_by("id")
        .limit(limit)
        .values_list("id", "storage_key")
    )
    return [(row_id, key) for row_id, key in rows]


# ---- ratings and reminders ---------------------------------------------------------------------


async def create_rating(**values: Any) -> Rating:
    return await Rating.create(**values)


async def ratings_of(case_ids: Sequence[int]) -> list[Rating]:
    return await Rating.filter(case_id__in=list(case_ids))


async def reply_to_rating(rating_id: int, reply: str, person_id: int, at: datetime) -> bool:
    won = await Rating.filter(id=rating_id, replied_at__isnull=True).update(
        reply=reply, replied_by_id=person_id, replied_at=at
    )
    return won == 1


async def rectification_page(request: PageRequest, department_ids: Collection[int]) -> Page[Rating]:
    query = Rating.filter(department_id__in=list(department_ids), rectify_by__isnull=False)
    return await paginate(query, request)


async def claim_reminder(case_id: int, deadline: date, days_left: int) -> bool:
    """Whether this reminder is still to give; the row is the claim (in the caller's transaction)."""
    if await ReminderSent.exists(case_id=case_id, deadline=deadline, days_left=days_left):
        return False
    await ReminderSent.create(case_id=case_id, deadline=deadline, days_left=days_left)
    return True
