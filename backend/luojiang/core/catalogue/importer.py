"""Imports a catalogue in the district's format (FORMAT.md): all files checked, then all applied.

Upsert by code, all or nothing: every row of every given file is checked first (types, choices,
references across files, duplicate codes); one rejected row rejects the whole import and nothing
changes. Otherwise every section is applied inside ONE transaction, and the report counts what was
created, updated, left unchanged and retired (rows the file no longer lists). A file that is not
given leaves its table alone; references to it are checked against the database.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from luojiang.core import db
from luojiang.core.catalogue.ports import ImportSection
from luojiang.core.catalogue.sections import KnownCodes, Row, SectionCounts

CatalogueFiles = Mapping[str, str]  # file name -> its text


@dataclass(frozen=True)
class Rejection:
    file: str
    index: int | None  # position of the row in the file's array
    line: int | None  # line in the file, for a file that is not valid JSON
    code: str | None
    field: str | None
    reason: str


@dataclass
class ImportReport:
    applied: bool = False
    sections: dict[str, SectionCounts] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)

    def total(self, what: str) -> int:
        return sum(getattr(c, what) for c in self.sections.values())


def read_folder(folder: Path, sections: Sequence[ImportSection]) -> dict[str, str]:
    """The text of every section's file present in ``folder``; other files are not read."""
    return {s.file: (folder / s.file).read_text("utf-8") for s in sections if (folder / s.file).is_file()}


async def import_catalogue(files: CatalogueFiles, sections: Sequence[ImportSection]) -> ImportReport:
    report = ImportReport()
    parsed = await _checked(files, sections, report)
    if report.rejected:
        return report
    async with db.transaction():
        for section in sections:
            if section.file in parsed:
                report.sections[section.file] = await section.apply(parsed[section.file])
    report.applied = True
    return report


async def check_files(files: CatalogueFiles, sections: Sequence[ImportSection]) -> list[Rejection]:
    """What an import of ``files`` would reject, changing nothing."""
    report = ImportReport()
    await _checked(files, sections, report)
    return report.rejected


async def _checked(
    files: CatalogueFiles, sections: Sequence[ImportSection], report: ImportReport
) -> dict[str, list[Row]]:
    if not files:
        report.rejected.append(Rejection("-", None, None, None, None, "no catalogue file was given"))
    parsed = _parse(files, sections, report)
    if report.rejected:
        return parsed
    known = await _known_codes(parsed, sections)
    for section in sections:
        if section.file in parsed:
            report.rejected += _check_rows(section, parsed[section.file], known)
    return parsed


def _parse(
    files: CatalogueFiles, sections: Sequence[ImportSection], report: ImportReport
) -> dict[str, list[Row]]:
    known_files = {s.file for s in sections}
    parsed: dict[str, list[Row]] = {}
    for name, text in files.items():
        if name not in known_files:
            report.rejected.append(
                Rejection(name, None, None, None, None, "is not a file of the catalogue format")
            )
            continue
        try:
            rows: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            report.rejected.append(
                Rejection(name, None, exc.lineno, None, None, f"is not valid JSON: {exc.msg}")
            )
            continue
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            report.rejected.append(Rejection(name, None, 1, None, None, "must be a JSON array of objects"))
            continue
        parsed[name] = rows
    return parsed


async def _known_codes(parsed: Mapping[str, list[Row]], sections: Sequence[ImportSection]) -> KnownCodes:
    by_kind: dict[str, set[str]] = {}
    for section in sections:
        rows = parsed.get(section.file)
        if rows is None:
            by_kind[section.kind] = await section.existing_codes()
        else:
            by_kind[section.kind] = {c for c in map(section.code_of, rows) if isinstance(c, str)}
    return KnownCodes(by_kind)


def _check_rows(section: ImportSection, rows: Sequence[Row], known: KnownCodes) -> list[Rejection]:
    rejected: list[Rejection] = []
    seen: set[object] = set()
    for index, row in enumerate(rows):
        code = section.code_of(row)
        label = code if isinstance(code, str) else None
        if code in seen:
            rejected.append(Rejection(section.file, index, None, label, None, "the same code appears twice"))
        seen.add(code)
        for problem in section.check(row, known):
            rejected.append(Rejection(section.file, index, None, label, problem.field, problem.reason))
    return rejected
