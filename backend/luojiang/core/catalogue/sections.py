"""The importer's extension point: one *section* per file of the catalogue format.

The importer (``importer.py``) reads every section's file, checks every row of every file against
every other file (and against the database for files that were not given), and only then applies
all sections, in the order given, inside ONE transaction. Another area plugs in by implementing
``ports.ImportSection`` (usually by subclassing :class:`UpsertSection`) and adding its sections to
the list the composition root passes to the importer (``luojiang.app.navigation_wiring.import_sections``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from tortoise.models import Model

from luojiang.core.catalogue import repository

Row = Mapping[str, Any]


@dataclass(frozen=True)
class RowProblem:
    field: str
    reason: str


@dataclass
class SectionCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0


class KnownCodes:
    """Codes each kind will have after the import: from the files given, else from the database."""

    def __init__(self, by_kind: Mapping[str, set[str]]) -> None:
        self._by_kind = by_kind

    def has(self, kind: str, code: object) -> bool:
        return isinstance(code, str) and code in self._by_kind.get(kind, set())


class UpsertSection:
    """Upsert by code into one table, retiring the rows the file no longer lists.

    Subclasses set ``model``, ``kind``, ``file``, ``key`` and write ``check`` and ``values``
    (the model's field values for one valid row).
    """

    model: ClassVar[type[Model]]
    kind: ClassVar[str]
    file: ClassVar[str]
    key: ClassVar[str] = "code"
    cache_tag: ClassVar[str] = "catalogue"

    def code_of(self, row: Row) -> object:
        return row.get(self.key)

    async def existing_codes(self) -> set[str]:
        return await repository.current_codes(self.model)

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]:
        raise NotImplementedError

    async def values(self, rows: Sequence[Row]) -> list[dict[str, Any]]:
        raise NotImplementedError

    async def apply(self, rows: Sequence[Row]) -> SectionCounts:
        counts = SectionCounts()
        existing = await repository.rows_by_code(self.model)
        fresh: list[dict[str, Any]] = []
        for row, values in zip(rows, await self.values(rows), strict=True):
            current = existing.get(str(row[self.key]))
            if current is None:
                fresh.append({"code": row[self.key], **values})
                counts.created += 1
            elif await repository.save_changes(current, values):
                counts.updated += 1
            else:
                counts.unchanged += 1
        if fresh:
            await repository.add_rows(self.model, fresh)
        listed = {str(row[self.key]) for row in rows}
        gone = [code for code, m in existing.items() if code not in listed and m.retired_at is None]  # type: ignore[attr-defined]
        if gone:
            counts.retired = await repository.retire_codes(self.model, gone)
        return counts


# ---- small checks shared by sections ---------------------------------------------------------


def check_fields(row: Row, spec: Mapping[str, type | tuple[type, ...]], prefix: str = "") -> list[RowProblem]:
    """Every key of ``spec`` is present with a value of its type (bool is never an int here)."""
    problems = []
    for name, kinds in spec.items():
        if name not in row:
            problems.append(RowProblem(prefix + name, "is missing"))
            continue
        value = row[name]
        wanted = kinds if isinstance(kinds, tuple) else (kinds,)
        if (isinstance(value, bool) and bool not in wanted) or not isinstance(value, wanted):
            problems.append(RowProblem(prefix + name, f"must be {_names(wanted)}"))
    return problems


def _names(kinds: Iterable[type]) -> str:
    return " or ".join("null" if k is type(None) else k.__name__ for k in kinds)


def check_choice(row: Row, name: str, allowed: Iterable[str], prefix: str = "") -> list[RowProblem]:
    value = row.get(name)
    choices = sorted(allowed)
    if value not in choices:
        return [RowProblem(prefix + name, f"{value!r} is not one of {choices}")]
    return []


def check_refs(
    codes: object, kind: str, known: KnownCodes, field: str, ok: Callable[[object], bool] | None = None
) -> list[RowProblem]:
    if not isinstance(codes, list):
        return [RowProblem(field, "must be a list")]
    return [
        RowProblem(f"{field}[{i}]", f"{code!r} is not a known {kind} code")
        for i, code in enumerate(codes)
        if not known.has(kind, code) and not (ok and ok(code))
    ]


def check_location(row: Row) -> list[RowProblem]:
    loc = row.get("location")
    if not isinstance(loc, dict):
        return [RowProblem("location", "must be an object {lng, lat, crs}")]
    problems = check_fields(loc, {"lng": (int, float), "lat": (int, float), "crs": str}, "location.")
    if not problems and loc["crs"] != "GCJ-02":
        problems.append(RowProblem("location.crs", "must be GCJ-02"))
    if not problems and not (-180 <= loc["lng"] <= 180 and -90 <= loc["lat"] <= 90):
        problems.append(RowProblem("location", "is not a point on Earth"))
    return problems
