"""The one-thing checklist's rules on their own (no database, no GraphQL): answers pick options,
options add and remove matters, materials needed by several matters are asked for once."""

from __future__ import annotations

from typing import Any

import pytest

from luojiang.core.catalogue.checklist import Answer, chosen_options, matter_codes, merge_materials
from luojiang.core.errors import DomainError

QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "hukou",
        "multiple": False,
        "options": [
            {"value": "here", "add_matters": [], "remove_matters": []},
            {"value": "away", "add_matters": ["M-MOVE"], "remove_matters": ["M-LOCAL"]},
        ],
    },
    {
        "id": "help",
        "multiple": True,
        "options": [
            {"value": "card", "add_matters": ["M-CARD"], "remove_matters": []},
            {"value": "post", "add_matters": ["M-POST"], "remove_matters": []},
        ],
    },
]


def material(name: str, licence: str | None = None, form: str = "复印件", copies: int = 1) -> dict[str, Any]:
    return {
        "name": name,
        "form": form,
        "copies": copies,
        "required": True,
        "source": "申请人自备",
        "licence_type": licence,
    }


def test_answers_pick_options_that_add_and_remove_matters() -> None:
    options = chosen_options(
        QUESTIONS, [Answer("hukou", ("away",)), Answer("help", ("card", "post", "card"))]
    )
    assert [o["add_matters"] for o in options] == [["M-MOVE"], ["M-CARD"], ["M-POST"]]
    assert matter_codes(["M-LOCAL", "M-BIRTH", "M-CARD"], options) == [
        "M-BIRTH",
        "M-CARD",
        "M-MOVE",
        "M-POST",
    ]


def test_every_answer_that_does_not_fit_is_reported_at_once() -> None:
    answers = [Answer("hukou", ("here", "away")), Answer("nope", ("x",)), Answer("hukou", ("here",))]
    with pytest.raises(DomainError) as refused:
        chosen_options(QUESTIONS, answers)
    assert [(p.code, p.field) for p in refused.value.problems] == [
        ("INVALID_ANSWER", "answers[0].values"),  # one value only
        ("INVALID_ANSWER", "answers[1].question"),  # not a question of this scenario
        ("INVALID_ANSWER", "answers[2].question"),  # answered twice
        ("MISSING_ANSWER", "answers"),  # help
    ]


def test_a_material_needed_twice_is_asked_once_in_its_strongest_form_and_held_licences_satisfy_it() -> None:
    needs = [
        ("M-A", [material("身份证", "LIC-ID"), material("申请表")]),
        ("M-B", [material("居民身份证", "LIC-ID", form="原件", copies=2), material("申请表")]),
    ]
    merged = merge_materials(needs, held={"LIC-ID"})
    assert [(m.name, m.form, m.copies, m.needed_by, m.satisfied) for m in merged] == [
        ("身份证", "原件", 2, ["M-A", "M-B"], True),
        ("申请表", "复印件", 1, ["M-A", "M-B"], False),
    ]
