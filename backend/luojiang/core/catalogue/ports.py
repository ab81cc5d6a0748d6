"""What the catalogue needs from other areas: the e-licences a person holds (the checklist), and
the import sections other areas add to the catalogue import (``sections.py``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from luojiang.core.catalogue.sections import KnownCodes, Row, RowProblem, SectionCounts


class LicenceWallet(Protocol):
    """The e-licence area's answer to "which of these licence types does this person hold, valid
    today?" (DESIGN 2.5). The checklist marks those materials as satisfied."""

    async def held_licence_types(self, viewer_id: int, licence_types: Collection[str]) -> set[str]: ...


class NoLicences:
    """Until e-licences exist: nobody holds any, so nothing is marked satisfied."""

    async def held_licence_types(self, viewer_id: int, licence_types: Collection[str]) -> set[str]:
        return set()


class ImportSection(Protocol):
    @property
    def kind(self) -> str:
        """The name other sections use to refer to its rows, e.g. "matters"."""

    @property
    def file(self) -> str:
        """The file it reads, e.g. "matters.json"."""

    @property
    def cache_tag(self) -> str:
        """The response-cache tag of what it changes: invalidated after the import commits."""

    def code_of(self, row: Row) -> object: ...

    async def existing_codes(self) -> set[str]: ...

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]: ...

    async def apply(self, rows: Sequence[Row]) -> SectionCounts: ...
