"""One-thing scenarios: the questionnaire, and the checklist its answers produce."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from luojiang.api.catalogue import loaders
from luojiang.api.catalogue.types import Material, Matter
from luojiang.api.context import Info
from luojiang.api.errors import UserError
from luojiang.api.nodes import RowNode
from luojiang.core.catalogue import checklist, models
from luojiang.core.catalogue.service import CATALOGUE_TAG
from luojiang.core.errors import Problem


async def _matters(info: Info, codes: list[str]) -> list[Matter]:
    rows = await info.context.loaders.get(loaders.matter_by_code).load_many(codes)
    return [Matter.from_model(r) for r in rows if r]


@strawberry.type(description="One answer to a scenario's question.")
class Option:
    value: str = strawberry.field(description="What to send in AnswerInput.values.")
    label: str = strawberry.field(description="The answer as shown.")
    add_materials: list[Material] = strawberry.field(
        description="Materials this answer adds to the checklist."
    )
    add_codes: strawberry.Private[list[str]]
    remove_codes: strawberry.Private[list[str]]

    @strawberry.field(description="Matters this answer adds to the checklist.")
    async def add_matters(self, info: Info) -> list[Matter]:
        return await _matters(info, self.add_codes)

    @strawberry.field(description="Matters this answer takes off the checklist.")
    async def remove_matters(self, info: Info) -> list[Matter]:
        return await _matters(info, self.remove_codes)


@strawberry.type(description="A question that shapes a scenario's checklist.")
class Question:
    id: str = strawberry.field(description="What to send in AnswerInput.question.")
    text: str = strawberry.field(description="The question as shown.")
    multiple: bool = strawberry.field(description="Whether several options may be chosen.")
    options: list[Option] = strawberry.field(description="The answers to choose from.")

    @classmethod
    def from_dict(cls, q: dict[str, Any]) -> Question:
        options = [
            Option(
                value=o["value"],
                label=o["label"],
                add_materials=[Material.from_dict(m) for m in o["add_materials"]],
                add_codes=o["add_matters"],
                remove_codes=o["remove_matters"],
            )
            for o in q["options"]
        ]
        return cls(id=q["id"], text=q["text"], multiple=q["multiple"], options=options)


@strawberry.type(description="A one-thing scenario (一件事一次办) with its guiding questionnaire.")
class Scenario(RowNode[models.Scenario]):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="The scenario's code in the district catalogue.")
    name: str = strawberry.field(description="Name, e.g. 开办餐饮店一件事.")
    audience: list[str] = strawberry.field(description="person and/or enterprise")
    summary: str = strawberry.field(description="What the scenario covers.")
    questions: list[Question] = strawberry.field(description="Questions that tailor the checklist.")
    base_codes: strawberry.Private[list[str]]

    @strawberry.field(description="The matters every applicant of this scenario goes through.")
    async def base_matters(self, info: Info) -> list[Matter]:
        return await _matters(info, self.base_codes)

    @classmethod
    def from_model(cls, row: models.Scenario) -> Scenario:
        return cls(
            id=row.id,
            code=row.code,
            name=row.name,
            audience=row.audience,
            summary=row.summary,
            questions=[Question.from_dict(q) for q in row.questions],
            base_codes=row.base_matters,
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Scenario | None]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        return await info.context.loaders.get(loaders.scenario_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.Scenario) -> bool:
        return row.retired_at is None


@strawberry.input(description="The answer to one question of a scenario.")
class AnswerInput:
    question: str = strawberry.field(description="The question's id.")
    values: list[str] = strawberry.field(
        description="The chosen options' values (one unless the question is multiple)."
    )


@strawberry.type(description="A material asked for once, whoever needs it.")
class ChecklistMaterial:
    name: str = strawberry.field(description="Name of the material.")
    form: str = strawberry.field(description="原件, 复印件 or 电子件")
    copies: int = strawberry.field(description="How many copies to bring.")
    required: bool = strawberry.field(description="Whether a matter cannot go ahead without it.")
    source: str = strawberry.field(description="申请人自备 or 政府部门核发")
    licence_type_code: str | None = strawberry.field(
        description="Code of the e-licence type that can stand for it, if any."
    )
    needed_by: list[str] = strawberry.field(
        description="Codes of the matters (or the scenario) that need it."
    )
    satisfied: bool = strawberry.field(description="An e-licence the applicant holds provides it.")


@strawberry.type(description="Everything to do and bring for one scenario, given the answers.")
class Checklist:
    scenario_code: str = strawberry.field(description="The scenario this checklist is for.")
    materials: list[ChecklistMaterial] = strawberry.field(description="Every material to bring, each once.")
    total_fee_fen: int = strawberry.field(description="What all the matters cost together, in fen.")
    visits: int = strawberry.field(
        description="Visits to a hall: the most any one matter needs (handled together)."
    )
    longest_promised_days: int = strawberry.field(
        description="The longest promised time limit, in working days."
    )
    matter_codes: strawberry.Private[list[str]]

    @strawberry.field(description="The matters to go through, given the answers.")
    async def matters(self, info: Info) -> list[Matter]:
        return await _matters(info, self.matter_codes)

    @classmethod
    def from_core(cls, c: checklist.Checklist) -> Checklist:
        materials = [
            ChecklistMaterial(
                name=m.name,
                form=m.form,
                copies=m.copies,
                required=m.required,
                source=m.source,
                licence_type_code=m.licence_type,
                needed_by=m.needed_by,
                satisfied=m.satisfied,
            )
            for m in c.materials
        ]
        return cls(
            scenario_code=c.scenario,
            materials=materials,
            total_fee_fen=c.total_fee_fen,
            visits=c.visits,
            longest_promised_days=c.longest_promised_days,
            matter_codes=c.matters,
        )


@strawberry.enum(
    description="Why answers cannot make a checklist: no such scenario, an answer not offered, one missing."
)
class ScenarioErrorCode(Enum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_ANSWER = "INVALID_ANSWER"
    MISSING_ANSWER = "MISSING_ANSWER"


@strawberry.type(description="Why a checklist could not be made from the answers.")
class ScenarioError(UserError):
    code: ScenarioErrorCode = strawberry.field(description="What kind of mistake it is.")

    @classmethod
    def from_problem(cls, problem: Problem) -> ScenarioError:
        return cls(code=ScenarioErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type(description="A checklist, or why the answers could not make one.")
class ChecklistResult:
    checklist: Checklist | None = strawberry.field(
        default=None, description="The checklist; null when there are errors."
    )
    errors: list[ScenarioError] = strawberry.field(
        description="The answers' mistakes; empty on success.", default_factory=list
    )
