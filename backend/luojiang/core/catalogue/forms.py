"""A matter's application form (申请表): the fields an applicant fills, as the catalogue defines them
(``form_fields`` of a matter in matters.json, FORMAT.md). Every form starts with the contact fields
every matter needs; a matter adds its own after them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from luojiang.core.catalogue.sections import RowProblem, check_fields

KINDS = frozenset({"text", "phone", "id_number", "credit_code", "date", "number", "choice"})
MAX_FIELDS = 30
MAX_TEXT = 500


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    kind: str = "text"
    required: bool = False
    max_length: int = 100
    choices: tuple[str, ...] = ()


CONTACT_FIELDS = (
    FormField("contact_name", "联系人", "text", required=True, max_length=32),
    FormField("contact_phone", "联系电话", "phone", required=True),
    FormField("address", "联系地址", "text", max_length=200),
    FormField("remarks", "备注", "text", max_length=MAX_TEXT),
)


def form_of(form_fields: Sequence[Mapping[str, Any]]) -> tuple[FormField, ...]:
    own = (
        FormField(
            key=f["key"],
            label=f["label"],
            kind=f.get("kind", "text"),
            required=bool(f.get("required", False)),
            max_length=int(f.get("max_length", 100)),
            choices=tuple(f.get("choices", ())),
        )
        for f in form_fields
    )
    return (*CONTACT_FIELDS, *own)


def check_form_fields(form_fields: object) -> list[RowProblem]:
    if not isinstance(form_fields, list) or len(form_fields) > MAX_FIELDS:
        return [RowProblem("form_fields", f"must be a list of at most {MAX_FIELDS} fields")]
    problems: list[RowProblem] = []
    seen: set[object] = {f.key for f in CONTACT_FIELDS}
    for i, field in enumerate(form_fields):
        at = f"form_fields[{i}]"
        if not isinstance(field, dict):
            problems.append(RowProblem(at, "must be an object"))
            continue
        problems += check_fields(field, {"key": str, "label": str}, at + ".")
        if field.get("key") in seen:
            problems.append(RowProblem(at + ".key", f"{field.get('key')!r} is used twice"))
        seen.add(field.get("key"))
        if field.get("kind", "text") not in KINDS:
            problems.append(RowProblem(at + ".kind", f"must be one of {sorted(KINDS)}"))
        length = field.get("max_length", 100)
        if not isinstance(length, int) or not 1 <= length <= MAX_TEXT:
            problems.append(RowProblem(at + ".max_length", f"must be 1 to {MAX_TEXT}"))
        choices = field.get("choices", [])
        if field.get("kind") == "choice" and (not isinstance(choices, list) or not choices):
            problems.append(RowProblem(at + ".choices", "a choice field lists its choices"))
    return problems
