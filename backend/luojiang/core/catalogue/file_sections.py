"""The catalogue's own import sections, one per file of the district's format (FORMAT.md).

The same row checks guard the administrators' edits (``service.py``), so a matter or scenario
saved by hand obeys exactly the rules of an imported one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from luojiang.core.catalogue import repository
from luojiang.core.catalogue.forms import check_form_fields
from luojiang.core.catalogue.models import Department, Hall, LicenceType, Matter, Scenario, Town
from luojiang.core.catalogue.ports import ImportSection
from luojiang.core.catalogue.sections import (
    KnownCodes,
    Row,
    RowProblem,
    UpsertSection,
    check_choice,
    check_fields,
    check_location,
    check_refs,
)

CATEGORIES = {"行政许可", "行政确认", "行政给付", "其他行政权力", "公共服务"}
AUDIENCES = {"person", "enterprise"}
HANDLE_TYPES = {"即办件", "承诺件"}
HALL_KINDS = {"district_center", "town_center", "village_station"}
FORMS = {"原件", "复印件", "电子件"}
SOURCES = {"申请人自备", "政府部门核发"}
HOLDER_KINDS = {"person", "enterprise"}


class DepartmentSection(UpsertSection):
    model, kind, file = Department, "departments", "departments.json"

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]:
        return check_fields(row, {"code": str, "name": str, "short_name": str, "phone": str, "address": str})

    async def values(self, rows: Sequence[Row]) -> list[dict[str, Any]]:
        keys = ("name", "short_name", "phone", "address")
        return [{k: row[k] for k in keys} for row in rows]


class TownSection(UpsertSection):
    model, kind, file = Town, "towns", "towns.json"

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]:
        return check_fields(row, {"code": str, "name": str})

    async def values(self, rows: Sequence[Row]) -> list[dict[str, Any]]:
        return [{"name": row["name"]} for row in rows]


class LicenceTypeSection(UpsertSection):
    model, kind, file = LicenceType, "licence_types", "licence_types.json"

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]:
        spec = {"code": str, "name": str, "issuer_department": str, "holder_kind": str, "fields": list}
        problems = check_fields(row, {**spec, "valid_years": (int, type(None))})
        problems += check_choice(row, "holder_kind", HOLDER_KINDS)
        problems += check_refs([row.get("issuer_department")], "departments", known, "issuer_department")
        return problems

    async def values(self, rows: Sequence[Row]) -> list[dict[str, Any]]:
        return [
            {
                "name": row["name"],
                "issuer_department": row["issuer_department"],
                "holder_kind": row["holder_kind"],
                "fields_spec": row["fields"],
                "valid_years": row["valid_years"],
            }
            for row in rows
        ]


def check_material(material: object, known: KnownCodes, at: str) -> list[RowProblem]:
    if not isinstance(material, dict):
        return [RowProblem(at, "must be an object")]
    spec = {"name": str, "form": str, "copies": int, "required": bool, "source": str}
    problems = check_fields(material, {**spec, "licence_type": (str, type(None))}, at + ".")
    problems += check_choice(material, "form", FORMS, at + ".")
    problems += check_choice(material, "source", SOURCES, at + ".")
    if isinstance(material.get("copies"), int) and material["copies"] < 1:
        problems.append(RowProblem(at + ".copies", "must be at least 1"))
    licence = material.get("licence_type")
    if licence is not None:
        problems += check_refs([licence], "licence_types", known, at + ".licence_type")
        if material.get("source") != "政府部门核发":
            problems.append(RowProblem(at + ".source", "a material with a licence_type is 政府部门核发"))
    return problems


def check_fee(fee: object) -> list[RowProblem]:
    if not isinstance(fee, dict):
        return [RowProblem("fee", "must be an object {free, items}")]
    problems = check_fields(fee, {"free": bool, "items": list}, "fee.")
    if problems:
        return problems
    for i, item in enumerate(fee["items"]):
        at = f"fee.items[{i}]"
        if not isinstance(item, dict):
            problems.append(RowProblem(at, "must be an object"))
            continue
        problems += check_fields(item, {"name": str, "amount_fen": int}, at + ".")
        if isinstance(item.get("amount_fen"), int) and item["amount_fen"] < 0:
            problems.append(RowProblem(at + ".amount_fen", "must be a non-negative number of fen"))
    if fee["free"] and fee["items"]:
        problems.append(RowProblem("fee.items", "a free matter lists no fee items"))
    return problems


def check_matter(row: Row, known: KnownCodes) -> list[RowProblem]:
    lists = ("audience", "topics", "life_events", "conditions", "basis", "materials", "process", "halls")
    spec: dict[str, type | tuple[type, ...]] = {"code": str, "name": str, "department": str}
    spec |= {"category": str, "handle_type": str, "online": bool, "phone": str}
    spec |= {"legal_limit_days": int, "promised_limit_days": int, "visits_required": int}
    problems = check_fields(row, spec | dict.fromkeys(lists, list))
    if problems:
        return problems
    problems += check_choice(row, "category", CATEGORIES)
    problems += check_choice(row, "handle_type", HANDLE_TYPES)
    problems += check_choice(row, "visits_required", {0, 1, 2})  # type: ignore[arg-type]
    problems += [
        RowProblem("audience", f"{a!r} is not person or enterprise")
        for a in row["audience"]
        if a not in AUDIENCES
    ]
    problems += check_refs([row["department"]], "departments", known, "department")
    problems += check_refs(row["halls"], "halls", known, "halls")
    for name in ("legal_limit_days", "promised_limit_days"):
        if row[name] < 0:
            problems.append(RowProblem(name, "must not be negative"))
    if row["promised_limit_days"] > row["legal_limit_days"]:
        problems.append(RowProblem("promised_limit_days", "must not exceed legal_limit_days"))
    problems += check_fee(row.get("fee"))
    for i, material in enumerate(row["materials"]):
        problems += check_material(material, known, f"materials[{i}]")
    problems += check_form_fields(row.get("form_fields", []))
    produces = row.get("produces_licence")
    if produces is not None:
        if not isinstance(produces, str):
            problems.append(RowProblem("produces_licence", "must be a licence type code"))
        else:
            problems += check_refs([produces], "licence_types", known, "produces_licence")
    return problems


class MatterSection(UpsertSection):
    model, kind, file = Matter, "matters", "matters.json"

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]:
        return check_matter(row, known)

    async def values(self, rows: Sequence[Row]) -> list[dict[str, Any]]:
        departments = await repository.department_ids()
        return [matter_values(row, departments[row["department"]]) for row in rows]


def matter_values(row: Row, department_id: int) -> dict[str, Any]:
    copied: tuple[str, ...] = ("name", "category", "audience", "topics", "life_events", "handle_type")
    copied += ("online", "promised_limit_days", "legal_limit_days", "visits_required", "conditions")
    copied += ("basis", "process", "halls", "phone")
    materials = [{**m, "note": m.get("note", "")} for m in row["materials"]]
    return {
        **{k: row[k] for k in copied},
        "department_id": department_id,
        "fee_items": row["fee"]["items"],
        "materials": materials,
        "form_fields": row.get("form_fields", []),
        "produces_licence": row.get("produces_licence") or "",
    }


class HallSection(UpsertSection):
    model, kind, file, key = Hall, "halls", "halls.json", "id"

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]:
        spec = {"id": str, "name": str, "kind": str, "town": str, "address": str, "hours": str, "phone": str}
        problems = check_fields(row, {**spec, "windows": list})
        problems += check_choice(row, "kind", HALL_KINDS) + check_location(row)
        problems += check_refs([row.get("town")], "towns", known, "town")
        for i, window in enumerate(row.get("windows") or []):
            at = f"windows[{i}]"
            if not isinstance(window, dict):
                problems.append(RowProblem(at, "must be an object"))
                continue
            problems += check_fields(
                window, {"no": str, "name": str, "departments": list, "matters": list}, at + "."
            )
            problems += check_refs(window.get("departments", []), "departments", known, at + ".departments")
            problems += check_refs(window.get("matters", []), "matters", known, at + ".matters")
        return problems

    async def values(self, rows: Sequence[Row]) -> list[dict[str, Any]]:
        keys = ("name", "kind", "town", "address", "hours", "phone", "windows")
        return [
            {**{k: row[k] for k in keys}, "lng": row["location"]["lng"], "lat": row["location"]["lat"]}
            for row in rows
        ]


def check_scenario(row: Row, known: KnownCodes) -> list[RowProblem]:
    spec = {
        "code": str,
        "name": str,
        "audience": list,
        "summary": str,
        "base_matters": list,
        "questions": list,
    }
    problems = check_fields(row, spec)
    if problems:
        return problems
    problems += check_refs(row["base_matters"], "matters", known, "base_matters")
    seen: set[object] = set()
    for i, question in enumerate(row["questions"]):
        at = f"questions[{i}]"
        if not isinstance(question, dict):
            problems.append(RowProblem(at, "must be an object"))
            continue
        problems += check_fields(
            question, {"id": str, "text": str, "multiple": bool, "options": list}, at + "."
        )
        if question.get("id") in seen:
            problems.append(RowProblem(at + ".id", f"{question.get('id')!r} is used twice"))
        seen.add(question.get("id"))
        problems += _check_options(question.get("options") or [], known, at)
    return problems


def _check_options(options: list[Any], known: KnownCodes, at: str) -> list[RowProblem]:
    problems: list[RowProblem] = []
    if not options:
        problems.append(RowProblem(at + ".options", "needs at least one option"))
    values = [o.get("value") for o in options if isinstance(o, dict)]
    if len(set(values)) != len(values):
        problems.append(RowProblem(at + ".options", "option values must be unique"))
    for j, option in enumerate(options):
        where = f"{at}.options[{j}]"
        if not isinstance(option, dict):
            problems.append(RowProblem(where, "must be an object"))
            continue
        spec = {
            "value": str,
            "label": str,
            "add_matters": list,
            "remove_matters": list,
            "add_materials": list,
        }
        problems += check_fields(option, spec, where + ".")
        problems += check_refs(option.get("add_matters", []), "matters", known, where + ".add_matters")
        problems += check_refs(option.get("remove_matters", []), "matters", known, where + ".remove_matters")
        for k, material in enumerate(option.get("add_materials") or []):
            problems += check_material(material, known, f"{where}.add_materials[{k}]")
    return problems


class ScenarioSection(UpsertSection):
    model, kind, file = Scenario, "scenarios", "scenarios.json"

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]:
        return check_scenario(row, known)

    async def values(self, rows: Sequence[Row]) -> list[dict[str, Any]]:
        keys = ("name", "audience", "summary", "base_matters", "questions")
        return [{k: row[k] for k in keys} for row in rows]


def catalogue_sections() -> list[ImportSection]:
    """In apply order: the matter's department is a foreign key, everything else is by code."""
    return [
        DepartmentSection(),
        TownSection(),
        LicenceTypeSection(),
        MatterSection(),
        HallSection(),
        ScenarioSection(),
    ]
