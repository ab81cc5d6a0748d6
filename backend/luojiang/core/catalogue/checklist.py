"""One-thing scenarios: a questionnaire's answers -> one personal checklist (一次告知、一套材料).

The matters are the scenario's base matters, plus what each chosen option adds, minus what any
chosen option removes. Materials are merged: the same material (the same e-licence type, or else
the same name) is asked for once and lists every matter that needs it. Visits are the most any one
matter needs, because the scenario's matters are handled together at one window; fees add up;
the promised time is the longest of the matters'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from luojiang.core.errors import DomainError, Problem

FORM_STRENGTH = {"电子件": 0, "复印件": 1, "原件": 2}


@dataclass(frozen=True)
class Answer:
    question: str
    values: tuple[str, ...]


@dataclass
class ChecklistMaterial:
    name: str
    form: str
    copies: int
    required: bool
    source: str
    licence_type: str | None
    needed_by: list[str] = field(default_factory=list)  # matter codes, or the scenario's code
    satisfied: bool = False  # an e-licence the person holds provides it


@dataclass(frozen=True)
class Checklist:
    scenario: str
    matters: list[str]
    materials: list[ChecklistMaterial]
    total_fee_fen: int
    visits: int
    longest_promised_days: int


def chosen_options(
    questions: Sequence[Mapping[str, Any]], answers: Sequence[Answer]
) -> list[Mapping[str, Any]]:
    """The options the answers pick; every question answered once, with values it offers."""
    by_id = {q["id"]: q for q in questions}
    problems: list[Problem] = []
    picked: list[Mapping[str, Any]] = []
    answered: set[str] = set()
    for i, answer in enumerate(answers):
        question = by_id.get(answer.question)
        if question is None or answer.question in answered:
            reason = "is not a question of this scenario" if question is None else "is answered twice"
            problems.append(
                Problem("INVALID_ANSWER", f"question {answer.question!r} {reason}", f"answers[{i}].question")
            )
            continue
        answered.add(answer.question)
        options = {o["value"]: o for o in question["options"]}
        unknown = [v for v in answer.values if v not in options]
        if unknown or not answer.values or (len(answer.values) > 1 and not question["multiple"]):
            takes = "values" if question["multiple"] else "one value"
            message = f"question {answer.question!r} takes {takes} of {sorted(options)}"
            problems.append(Problem("INVALID_ANSWER", message, f"answers[{i}].values"))
            continue
        picked += [options[v] for v in dict.fromkeys(answer.values)]
    for question_id in (q for q in by_id if q not in answered):
        problems.append(Problem("MISSING_ANSWER", f"question {question_id!r} is not answered", "answers"))
    if problems:
        raise DomainError(*problems)
    return picked


def matter_codes(base: Sequence[str], options: Iterable[Mapping[str, Any]]) -> list[str]:
    options = list(options)
    added = [c for o in options for c in o["add_matters"]]
    removed = {c for o in options for c in o["remove_matters"]}
    return [c for c in dict.fromkeys([*base, *added]) if c not in removed]


def merge_materials(
    needs: Iterable[tuple[str, Iterable[Mapping[str, Any]]]], held: set[str]
) -> list[ChecklistMaterial]:
    """``needs`` is (who needs it, its materials) in checklist order."""
    merged: dict[str, ChecklistMaterial] = {}
    by_name: dict[str, str] = {}
    for who, materials in needs:
        for m in materials:
            key = m["licence_type"] or by_name.get(m["name"]) or f"name:{m['name']}"
            by_name.setdefault(m["name"], key)
            current = merged.get(key)
            if current is None:
                current = merged[key] = ChecklistMaterial(
                    m["name"], m["form"], m["copies"], m["required"], m["source"], m["licence_type"]
                )
            elif FORM_STRENGTH.get(m["form"], 0) > FORM_STRENGTH.get(current.form, 0):
                current.form = m["form"]
            current.copies = max(current.copies, m["copies"])
            current.required = current.required or m["required"]
            if who not in current.needed_by:
                current.needed_by.append(who)
    for material in merged.values():
        material.satisfied = material.licence_type is not None and material.licence_type in held
    return list(merged.values())
