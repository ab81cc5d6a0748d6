"""Checking an applicant's form against the matter's fields (catalogue.forms): every problem is
reported at once, one per field (``form.<key>``), and nothing is saved while any remains.

A draft may leave required fields empty; a submission may not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from stdnum.cn import ric, uscc

from luojiang.core.catalogue.forms import FormField
from luojiang.core.errors import DomainError, Problem

MAX_KEYS = 40  # more keys than any form has is refused before any of them is looked at
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def checked_form(form: Sequence[FormField], values: object, *, complete: bool) -> dict[str, str]:
    """The values kept (stripped, empty ones dropped), or a DomainError naming every field at fault."""
    if not isinstance(values, Mapping) or len(values) > MAX_KEYS:
        raise DomainError.one("INVALID_FORM", f"the form is an object of at most {MAX_KEYS} fields", "form")
    by_key = {f.key: f for f in form}
    problems = [
        Problem("UNKNOWN_FIELD", "this form has no such field", f"form.{key[:40]}")
        for key in values
        if key not in by_key
    ][:5]
    kept: dict[str, str] = {}
    for field in form:
        raw = values.get(field.key)
        text = "" if raw is None else raw.strip() if isinstance(raw, str) else None
        if text is None:
            problems.append(Problem("INVALID_VALUE", f"{field.label}: must be text", f"form.{field.key}"))
            continue
        if not text:
            if field.required and complete:
                problems.append(Problem("REQUIRED", f"{field.label}: required", f"form.{field.key}"))
            continue
        problem = _problem(field, text)
        if problem is not None:
            problems.append(Problem("INVALID_VALUE", f"{field.label}: {problem}", f"form.{field.key}"))
            continue
        kept[field.key] = text
    if problems:
        raise DomainError(*problems)
    return kept


def _problem(field: FormField, text: str) -> str | None:
    if len(text) > field.max_length:
        return f"at most {field.max_length} characters"
    match field.kind:
        case "phone" if not _PHONE.match(text):
            return "not a phone number"
        case "id_number" if not ric.is_valid(text):
            return "not a resident ID number"
        case "credit_code" if not uscc.is_valid(text):
            return "not a unified social credit code"
        case "number" if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            return "not a number"
        case "choice" if text not in field.choices:
            return f"one of {', '.join(field.choices)}"
        case "date":
            try:
                date.fromisoformat(text)
            except ValueError:
                return "a date like 2026-02-14"
    return None
