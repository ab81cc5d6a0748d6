"""Public catalogue queries. Resolvers translate: arguments in, one repository call, types out."""

from __future__ import annotations

import strawberry
from strawberry import relay

from luojiang.api.catalogue import loaders
from luojiang.api.catalogue.halls import Hall, HallKind
from luojiang.api.catalogue.scenarios import (
    AnswerInput,
    Checklist,
    ChecklistResult,
    Scenario,
    ScenarioError,
)
from luojiang.api.catalogue.types import Department, LicenceType, Matter
from luojiang.api.context import Info
from luojiang.api.errors import errors_in_payload
from luojiang.api.relay import Connection, First, node_pk, nodes_select
from luojiang.core.catalogue import repository
from luojiang.core.catalogue.checklist import Answer
from luojiang.core.catalogue.models import Matter as MatterRow
from luojiang.core.catalogue.models import Scenario as ScenarioRow
from luojiang.core.catalogue.permissions import viewer_id
from luojiang.core.catalogue.service import CATALOGUE_TAG
from luojiang.core.pagination import PageRequest


@strawberry.type(description="A catalogue topic or life event, with how many matters carry it.")
class Term:
    name: str = strawberry.field(description="The topic or life event.")
    matter_count: int = strawberry.field(description="How many matters carry it.")


@strawberry.type
class CatalogueQueries:
    @strawberry.field(description="Departments, in catalogue order.")
    async def departments(self, info: Info, first: First, after: str | None = None) -> Connection[Department]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        page = await repository.department_page(PageRequest(first=first, after=after))
        return Connection.from_page(page, Department.from_model)

    @strawberry.field(description="Matters, optionally of one department, topic or life event.")
    async def matters(
        self,
        info: Info,
        first: First,
        after: str | None = None,
        department: relay.GlobalID | None = None,
        topic: str | None = None,
        life_event: str | None = None,
    ) -> Connection[Matter]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        department_id = node_pk(department, "Department") if department else None
        if department is not None and department_id is None:
            return Connection.empty()
        request = PageRequest(first=first, after=after)
        page = await repository.matter_page(request, department_id, topic, life_event)
        if not nodes_select(info, "department"):
            return Connection.from_page(page, Matter.from_model)
        # one batch now, and one object per department that every node of it shares
        rows = await info.context.loaders.get(loaders.department_by_id).load_many(
            sorted({m.department_id for m in page.items})
        )
        departments = {row.id: Department.from_model(row) for row in rows if row is not None}
        return Connection.from_page(page, lambda m: Matter.from_model(m, departments.get(m.department_id)))

    @strawberry.field(description="One matter by its catalogue code; null when there is none.")
    async def matter(self, info: Info, code: str) -> Matter | None:
        info.context.cache_tags.add(CATALOGUE_TAG)
        row = (await repository.by_codes(MatterRow, [code])).get(code)
        return Matter.from_model(row) if row else None

    @strawberry.field(description="One-thing scenarios.")
    async def scenarios(self, info: Info, first: First, after: str | None = None) -> Connection[Scenario]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        page = await repository.scenario_page(PageRequest(first=first, after=after))
        return Connection.from_page(page, Scenario.from_model)

    @strawberry.field(description="One scenario by its code; null when there is none.")
    async def scenario(self, info: Info, code: str) -> Scenario | None:
        info.context.cache_tags.add(CATALOGUE_TAG)
        row = (await repository.by_codes(ScenarioRow, [code])).get(code)
        return Scenario.from_model(row) if row else None

    @strawberry.field(description="The personal checklist for a scenario's answers.")
    @errors_in_payload(ChecklistResult, ScenarioError.from_problem)
    async def checklist(self, info: Info, scenario: str, answers: list[AnswerInput]) -> ChecklistResult:
        core_answers = [Answer(a.question, tuple(a.values)) for a in answers]
        result = await info.context.services.catalogue.checklist(
            scenario, core_answers, viewer_id(info.context.viewer)
        )
        return ChecklistResult(checklist=Checklist.from_core(result))

    @strawberry.field(description="Service halls and stations.")
    async def halls(
        self, info: Info, first: First, after: str | None = None, kind: HallKind | None = None
    ) -> Connection[Hall]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        request = PageRequest(first=first, after=after)
        page = await repository.hall_page(request, kind.value if kind else None)
        return Connection.from_page(page, Hall.from_model)

    @strawberry.field(description="Electronic licence types.")
    async def licence_types(
        self, info: Info, first: First, after: str | None = None
    ) -> Connection[LicenceType]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        page = await repository.licence_type_page(PageRequest(first=first, after=after))
        return Connection.from_page(page, LicenceType.from_model)

    @strawberry.field(description="Catalogue topics (e.g. 户籍办理), most used first.")
    async def topics(self, info: Info) -> list[Term]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        return _terms(await repository.terms("topics"))

    @strawberry.field(description="Life events (e.g. 出生, 结婚, 退休), most used first.")
    async def life_events(self, info: Info) -> list[Term]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        return _terms(await repository.terms("life_events"))


def _terms(counts: dict[str, int]) -> list[Term]:
    return [Term(name=n, matter_count=c) for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
