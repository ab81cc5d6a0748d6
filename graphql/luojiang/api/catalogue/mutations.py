"""Administrators' catalogue changes: import, save and retire matters and scenarios (audited)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from luojiang.api.catalogue.scenarios import Scenario
from luojiang.api.catalogue.types import Matter
from luojiang.api.context import Info
from luojiang.api.errors import UserError, errors_in_payload
from luojiang.core.catalogue.importer import ImportReport
from luojiang.core.errors import DomainError, Problem


@strawberry.enum(
    description="Why a catalogue change was refused: not an administrator, no such code, or a bad row."
)
class CatalogueErrorCode(Enum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_ROW = "INVALID_ROW"


@strawberry.type(description="Why a catalogue change was refused; nothing was changed.")
class CatalogueError(UserError):
    code: CatalogueErrorCode = strawberry.field(description="What kind of mistake it is.")

    @classmethod
    def from_problem(cls, problem: Problem) -> CatalogueError:
        return cls(code=CatalogueErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.input(description="One file of the catalogue format (FORMAT.md), e.g. matters.json.")
class CatalogueFileInput:
    name: str = strawberry.field(description="The file's name in the catalogue format, e.g. matters.json.")
    content: str = strawberry.field(description="The file's JSON text.")


@strawberry.type(description="What an import did to one file's rows.")
class SectionReport:
    file: str = strawberry.field(description="The file's name.")
    created: int = strawberry.field(description="Rows added.")
    updated: int = strawberry.field(description="Rows changed.")
    unchanged: int = strawberry.field(description="Rows already as given.")
    retired: int = strawberry.field(description="Rows the file no longer lists.")


@strawberry.type(description="A row (or file) that was refused, and why; one refusal changes nothing.")
class RejectedRow:
    file: str = strawberry.field(description="The file the row is in.")
    index: int | None = strawberry.field(description="The row's position in the file's array, from 0.")
    line: int | None = strawberry.field(description="The line, for a file that is not valid JSON.")
    code: str | None = strawberry.field(description="The row's code, when it has one.")
    field: str | None = strawberry.field(description="The field at fault, when one is.")
    reason: str = strawberry.field(description="Why it was refused.")


@strawberry.type(description="What an import did, or why it did nothing.")
class ImportCataloguePayload:
    applied: bool = strawberry.field(
        default=False, description="False when anything was rejected: then nothing changed."
    )
    sections: list[SectionReport] = strawberry.field(
        description="Per file, what was applied.", default_factory=list
    )
    rejected: list[RejectedRow] = strawberry.field(
        description="Rows refused; any refusal means nothing was applied.", default_factory=list
    )
    errors: list[CatalogueError] = strawberry.field(
        description="Why the import was refused as a whole.", default_factory=list
    )

    @classmethod
    def from_report(cls, report: ImportReport) -> ImportCataloguePayload:
        return cls(
            applied=report.applied,
            sections=[SectionReport(file=f, **vars(c)) for f, c in report.sections.items()],
            rejected=[RejectedRow(**vars(r)) for r in report.rejected],
        )


@strawberry.type(description="A matter as saved, or why it was not.")
class MatterPayload:
    matter: Matter | None = strawberry.field(
        default=None, description="The matter as it is now; null on errors."
    )
    errors: list[CatalogueError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type(description="A scenario as saved, or why it was not.")
class ScenarioPayload:
    scenario: Scenario | None = strawberry.field(
        default=None, description="The scenario as it is now; null on errors."
    )
    errors: list[CatalogueError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type
class CatalogueMutations:
    @strawberry.mutation(description="Import catalogue files: all or nothing, upsert by code (admins).")
    @errors_in_payload(ImportCataloguePayload, CatalogueError.from_problem)
    async def import_catalogue(self, info: Info, files: list[CatalogueFileInput]) -> ImportCataloguePayload:
        report = await info.context.services.catalogue.import_files(
            info.context.viewer, {f.name: f.content for f in files}
        )
        return ImportCataloguePayload.from_report(report)

    @strawberry.mutation(description="Create or update a matter, given in the catalogue format (admins).")
    @errors_in_payload(MatterPayload, CatalogueError.from_problem)
    async def save_matter(self, info: Info, matter: JSON) -> MatterPayload:
        row = await info.context.services.catalogue.save_matter(info.context.viewer, _object(matter))
        return MatterPayload(matter=Matter.from_model(row))

    @strawberry.mutation(description="Take a matter out of the catalogue (admins).")
    @errors_in_payload(MatterPayload, CatalogueError.from_problem)
    async def retire_matter(self, info: Info, code: str) -> MatterPayload:
        row = await info.context.services.catalogue.retire_matter(info.context.viewer, code)
        return MatterPayload(matter=Matter.from_model(row))

    @strawberry.mutation(description="Create or update a scenario, given in the catalogue format (admins).")
    @errors_in_payload(ScenarioPayload, CatalogueError.from_problem)
    async def save_scenario(self, info: Info, scenario: JSON) -> ScenarioPayload:
        row = await info.context.services.catalogue.save_scenario(info.context.viewer, _object(scenario))
        return ScenarioPayload(scenario=Scenario.from_model(row))

    @strawberry.mutation(description="Take a scenario out of the catalogue (admins).")
    @errors_in_payload(ScenarioPayload, CatalogueError.from_problem)
    async def retire_scenario(self, info: Info, code: str) -> ScenarioPayload:
        row = await info.context.services.catalogue.retire_scenario(info.context.viewer, code)
        return ScenarioPayload(scenario=Scenario.from_model(row))


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DomainError.one("INVALID_ROW", "must be a JSON object in the catalogue format", None)
    return value
