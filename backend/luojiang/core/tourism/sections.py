"""Tourism's files of the district catalogue (``scenic.json``, ``resources.json``) as sections of
the shared importer (``luojiang.core.catalogue.sections``): their rows are checked with every other
file's, and applied in the same transaction, so an import is all or nothing across areas."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from luojiang.core.catalogue.ports import ImportSection
from luojiang.core.catalogue.sections import KnownCodes, Row, RowProblem, SectionCounts
from luojiang.core.tourism import importer, repository
from luojiang.core.tourism.models import Resource, ScenicArea
from luojiang.core.tourism.rules import TOURISM_TAG

Apply = Callable[[list[dict[str, Any]]], Any]


class _TourismSection:
    cache_tag = TOURISM_TAG
    kind: str
    file: str

    def __init__(self, problems: Callable[[dict[str, Any]], list[tuple[str, str]]], apply: Apply) -> None:
        self._problems = problems
        self._apply = apply

    def code_of(self, row: Row) -> object:
        return row.get("id")

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]:
        return [RowProblem(field, reason) for field, reason in self._problems(dict(row))]

    async def apply(self, rows: Sequence[Row]) -> SectionCounts:
        report: importer.SectionReport = await self._apply([dict(r) for r in rows])
        return SectionCounts(created=sum(report.created.values()), updated=sum(report.updated.values()))


class ScenicSection(_TourismSection):
    kind, file = "scenic", "scenic.json"

    def __init__(self) -> None:
        super().__init__(importer.scenic_row_problems, importer.import_scenic)

    async def existing_codes(self) -> set[str]:
        return await repository.codes_in_use(ScenicArea)


class ResourceSection(_TourismSection):
    kind, file = "resources", "resources.json"

    def __init__(self) -> None:
        super().__init__(importer.resource_row_problems, importer.import_resources)

    async def existing_codes(self) -> set[str]:
        return await repository.codes_in_use(Resource)


def tourism_sections() -> list[ImportSection]:
    return [ScenicSection(), ResourceSection()]
