"""Every catalogue query; services and loaders call these, nothing else touches the tables."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from tortoise.models import Model
from tortoise.transactions import in_transaction

from luojiang.core.catalogue.models import AuditEntry, Department, Hall, LicenceType, Matter, Scenario, Town
from luojiang.core.pagination import Page, PageRequest, paginate

M = TypeVar("M", bound=Model)


async def departments_by_ids(ids: Sequence[int]) -> dict[int, Department]:
    return {d.id: d for d in await Department.filter(id__in=ids)}


async def matters_by_ids(ids: Sequence[int]) -> dict[int, Matter]:
    return {m.id: m for m in await Matter.filter(id__in=ids)}


async def scenarios_by_ids(ids: Sequence[int]) -> dict[int, Scenario]:
    return {s.id: s for s in await Scenario.filter(id__in=ids)}


async def halls_by_ids(ids: Sequence[int]) -> dict[int, Hall]:
    return {h.id: h for h in await Hall.filter(id__in=ids)}


async def by_codes(model: type[M], codes: Sequence[str]) -> dict[str, M]:
    """Current rows by code; retired rows are left out, as if they did not exist."""
    rows: list[Any] = await model.filter(code__in=codes, retired_at=None)
    return {row.code: row for row in rows}


async def department_by_code(code: str) -> Department:
    """The department, which the caller has checked exists."""
    return await Department.get(code=code)


async def department_id_by_code(code: str) -> int | None:
    """Retired or not: staff roles and orders name departments that may since have been retired."""
    department = await Department.get_or_none(code=code)
    return department.id if department else None


async def department_page(request: PageRequest) -> Page[Department]:
    return await paginate(Department.filter(retired_at=None), request)


async def matter_page(
    request: PageRequest,
    department_id: int | None = None,
    topic: str | None = None,
    life_event: str | None = None,
) -> Page[Matter]:
    query = Matter.filter(retired_at=None)
    if department_id is not None:
        query = query.filter(department_id=department_id)
    if topic is not None or life_event is not None:
        # JSON lists are filtered here rather than in SQL: the same code on SQLite and PostgreSQL
        rows = await query.values_list("id", "topics", "life_events")
        query = Matter.filter(
            id__in=[i for i, topics, events in rows if _has(topics, topic) and _has(events, life_event)]
        )
    return await paginate(query, request)


async def catalogue_rows() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Every department and matter as plain values (no timestamps of writing), ordered by code."""
    departments = await Department.all().order_by("code").values(*_content(Department))
    matters = await Matter.all().order_by("code").values(*_content(Matter))
    return departments, matters


def _content(model: type[Department] | type[Matter]) -> list[str]:
    return [name for name in model._meta.db_fields if name not in {"id", "updated_at"}]


def _has(values: Any, wanted: str | None) -> bool:
    return wanted is None or wanted in values


async def scenario_page(request: PageRequest) -> Page[Scenario]:
    return await paginate(Scenario.filter(retired_at=None), request)


async def hall_page(request: PageRequest, kind: str | None = None) -> Page[Hall]:
    query = Hall.filter(retired_at=None)
    if kind is not None:
        query = query.filter(kind=kind)
    return await paginate(query, request)


async def licence_type_page(request: PageRequest) -> Page[LicenceType]:
    return await paginate(LicenceType.filter(retired_at=None), request)


async def terms(field: str) -> dict[str, int]:
    """Topics or life events in use, each with how many current matters carry it."""
    counts: dict[str, int] = {}
    for values in await Matter.filter(retired_at=None).order_by("id").values_list(field, flat=True):
        for value in values:
            counts[value] = counts.get(value, 0) + 1
    return counts


async def current_matters_with_terms() -> list[Matter]:
    """Every current matter with its code, name, life events, topics and audience only."""
    return await Matter.filter(retired_at=None).only("code", "name", "life_events", "topics", "audience")


async def current_scenarios_with_matters() -> list[Scenario]:
    """Every current scenario with its code, name and base matters only."""
    return await Scenario.filter(retired_at=None).only("code", "name", "base_matters")


async def current_matter_with_department(code: str) -> Matter | None:
    """A current matter with its department read along (a fee's payee)."""
    return await Matter.filter(code=code, retired_at=None).select_related("department").first()


async def matter_with_department(matter_id: int) -> Matter | None:
    """A matter, retired or not, with its department read along in the same statement."""
    return await Matter.filter(id=matter_id).select_related("department").first()


async def matter_terms(code: str) -> Matter | None:
    """A matter's life events and topics only, retired or not."""
    return await Matter.get_or_none(code=code).only("life_events", "topics")


Edited = TypeVar("Edited", Matter, Scenario)


async def upsert_audited(
    model: type[Edited], kind: str, code: str, values: Mapping[str, Any], actor_id: int
) -> Edited:
    """Creates or updates (and un-retires) the row with ``code`` and records who changed what from
    what to what, in one transaction; returns the saved row."""
    async with in_transaction():
        row = await model.select_for_update().get_or_none(code=code)
        if row is None:
            await model.create(code=code, **values)
            action, changes = "create", {k: [None, v] for k, v in values.items()}
        else:
            action, changes = (
                "update",
                {k: [getattr(row, k), v] for k, v in values.items() if getattr(row, k) != v},
            )
            if row.retired_at is not None:
                changes["retired_at"] = [row.retired_at.isoformat(), None]
            row.update_from_dict({**values, "retired_at": None})
            await row.save()
        await AuditEntry.create(actor_id=actor_id, action=action, kind=kind, code=code, changes=changes)
    return await model.get(code=code)


async def retire_audited(model: type[Edited], kind: str, code: str, actor_id: int) -> Edited | None:
    """Retires the current row with ``code`` and records who did, in one transaction; None when
    there is no such current row."""
    async with in_transaction():
        row = await model.select_for_update().get_or_none(code=code, retired_at=None)
        if row is None:
            return None
        row.retired_at = datetime.now(UTC)
        await row.save(update_fields=["retired_at", "updated_at"])
        await AuditEntry.create(actor_id=actor_id, action="retire", kind=kind, code=code, changes={})
    return row


# ---- rows by code, for the importer's sections (any area's table with code and retired_at) ----


async def current_codes(model: type[Model]) -> set[str]:
    codes = await model.filter(retired_at=None).values_list("code", flat=True)
    return {str(c) for c in codes}


async def rows_by_code(model: type[M]) -> dict[str, M]:
    """Every row, retired or not."""
    rows: list[Any] = await model.all()
    return {str(row.code): row for row in rows}


async def add_rows(model: type[Model], rows: Sequence[Mapping[str, Any]]) -> None:
    await model.bulk_create([model(**values) for values in rows])


async def save_changes(row: Model, values: Mapping[str, Any]) -> bool:
    """Writes the values that differ (and un-retires the row); False when nothing did."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if getattr(row, "retired_at", None) is not None:
        changed.append("retired_at")
    if not changed:
        return False
    row.update_from_dict({**values, "retired_at": None})
    await row.save(update_fields=[*changed, "updated_at"])
    return True


async def retire_codes(model: type[Model], codes: Collection[str]) -> int:
    return await model.filter(code__in=list(codes)).update(retired_at=datetime.now(UTC))


# ---- what the catalogue gives search and the map ----------------------------------------------


async def current_rows(model: type[M]) -> list[M]:
    """Every current row, in key order."""
    rows: list[M] = await model.filter(retired_at=None).order_by("id")
    return rows


async def department_ids() -> dict[str, int]:
    """Every department's id by its code, retired or not."""
    return dict(await Department.all().values_list("code", "id"))


async def departments_by_id() -> dict[int, Department]:
    """Every department, retired or not."""
    return {d.id: d for d in await Department.all()}


async def current_licence_type_names() -> list[str]:
    return [str(name) for name in await LicenceType.filter(retired_at=None).values_list("name", flat=True)]


async def town_names() -> dict[str, str]:
    return dict(await Town.all().values_list("code", "name"))


async def current_halls(kinds: Collection[str] | None = None, but: Collection[str] = ()) -> list[Hall]:
    """Current halls of the given kinds (all when None) except those of ``but``, in key order."""
    query = Hall.filter(retired_at=None)
    if kinds is not None:
        query = query.filter(kind__in=list(kinds))
    if but:
        query = query.exclude(kind__in=list(but))
    return await query.order_by("id")
