"""The e-licence files of the district catalogue format, as sections of the shared importer:

- ``licence_codes.json``: the national codes identifiers are built from, ``[{kind: "issuer" |
  "type", code, national_code}]`` (a department's credit code; a licence type's 21-character code);
  the full list, like the other catalogue files: a code the file no longer lists is retired.
- ``licences.json``: licences a department issued, ``[{identifier, licence_type, holder: {kind,
  name, id_number | credit_code}, valid_from, valid_until, fields: {key: value}}]``; additive (a
  licence the file omits stays) and each one signed here by its department's key on import.

Rows are checked with every other file's first (identifiers' check characters included); what
needs the database (the identifier's codes against the registered ones, the type's fields) is
checked as each row is applied, and a refusal there rolls the whole import back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from luojiang.core.catalogue.sections import KnownCodes, Row, RowProblem, SectionCounts, check_fields
from luojiang.core.errors import DomainError, Problem
from luojiang.core.licences import identifiers, repository
from luojiang.core.licences.issuance import Holder, Issuer, IssueRequest
from luojiang.core.licences.models import HolderKind, NationalCode
from luojiang.core.security import validation

LICENCES_TAG = "licences"


class NationalCodeSection:
    kind, file, cache_tag = "licence_codes", "licence_codes.json", LICENCES_TAG

    def code_of(self, row: Row) -> object:
        return f"{row.get('kind')}:{row.get('code')}"

    async def existing_codes(self) -> set[str]:
        return {f"{r.kind}:{r.code}" for r in await repository.all_national_codes() if r.retired_at is None}

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]:
        problems = check_fields(row, {"kind": str, "code": str, "national_code": str})
        if problems:
            return problems
        if row["kind"] == "issuer":
            if not known.has("departments", row["code"]):
                problems.append(RowProblem("code", f"{row['code']!r} is not a known departments code"))
            if not identifiers.valid_issuer_code(row["national_code"]):
                problems.append(RowProblem("national_code", "is not a valid unified social credit code"))
        elif row["kind"] == "type":
            if not known.has("licence_types", row["code"]):
                problems.append(RowProblem("code", f"{row['code']!r} is not a known licence_types code"))
            if not identifiers.valid_type_code(row["national_code"]):
                problems.append(RowProblem("national_code", "is not a credit code and a 3-digit serial"))
        else:
            problems.append(RowProblem("kind", f"{row['kind']!r} is not one of ['issuer', 'type']"))
        return problems

    async def apply(self, rows: Sequence[Row]) -> SectionCounts:
        counts = SectionCounts()
        existing = {(r.kind, r.code): r for r in await repository.all_national_codes()}
        fresh = []
        for row in rows:
            current = existing.pop((row["kind"], row["code"]), None)
            if current is None:
                fresh.append(
                    NationalCode(kind=row["kind"], code=row["code"], national_code=row["national_code"])
                )
                counts.created += 1
            elif current.national_code != row["national_code"] or current.retired_at is not None:
                await repository.renew_national_code(current, row["national_code"])
                counts.updated += 1
            else:
                counts.unchanged += 1
        await repository.bulk_create_national_codes(fresh)
        gone = [r.id for r in existing.values() if r.retired_at is None]
        counts.retired = await repository.retire_national_codes(gone, datetime.now(UTC)) if gone else 0
        return counts


class LicenceSection:
    kind, file, cache_tag = "licences", "licences.json", LICENCES_TAG

    def __init__(self, issuer: Issuer) -> None:
        self._issuer = issuer

    def code_of(self, row: Row) -> object:
        return row.get("identifier")

    async def existing_codes(self) -> set[str]:
        return set()  # no other file refers to a licence: the licences table is never read whole

    def check(self, row: Row, known: KnownCodes) -> list[RowProblem]:
        spec = {"identifier": str, "licence_type": str, "holder": dict, "valid_from": str, "fields": dict}
        problems = check_fields(row, {**spec, "valid_until": (str, type(None))})
        if problems:
            return problems
        problems += _domain_problems(lambda: identifiers.parse(row["identifier"]), "identifier")
        if not known.has("licence_types", row["licence_type"]):
            problems.append(
                RowProblem("licence_type", f"{row['licence_type']!r} is not a known licence_types code")
            )
        problems += _holder_problems(row["holder"])
        for name in ("valid_from", "valid_until"):
            if row[name] is not None and _date(row[name]) is None:
                problems.append(RowProblem(name, "is not a date (YYYY-MM-DD)"))
        if not all(isinstance(v, str) for v in row["fields"].values()):
            problems.append(RowProblem("fields", "values must be strings"))
        return problems

    async def apply(self, rows: Sequence[Row]) -> SectionCounts:
        counts = SectionCounts()
        existing = await repository.licences_by_identifiers([row["identifier"] for row in rows])
        for index, row in enumerate(rows):
            if row["identifier"] in existing:
                counts.unchanged += 1  # a signed licence is never rewritten: revoke and issue anew
                continue
            try:
                draft = await self._issuer.draft(_request(row))
                await self._issuer.store(draft, issued_by="import")
            except DomainError as error:
                raise DomainError(*(_at(index, p) for p in error.problems)) from error
            counts.created += 1
        return counts


def _request(row: Row) -> IssueRequest:
    holder = row["holder"]
    return IssueRequest(
        licence_type=row["licence_type"],
        holder=Holder(HolderKind(holder["kind"]), holder["name"], _holder_number(holder)),
        fields=row["fields"],
        valid_from=_date(row["valid_from"]),
        valid_until=_date(row["valid_until"]) if row["valid_until"] else None,
        identifier=row["identifier"],
    )


def _holder_number(holder: dict[str, Any]) -> str:
    return str(holder.get("id_number") if holder.get("kind") == "person" else holder.get("credit_code"))


def _holder_problems(holder: dict[str, Any]) -> list[RowProblem]:
    kind = holder.get("kind")
    if kind not in ("person", "enterprise"):
        return [RowProblem("holder.kind", f"{kind!r} is not one of ['enterprise', 'person']")]
    number = "id_number" if kind == "person" else "credit_code"
    problems = check_fields(holder, {"name": str, number: str}, "holder.")
    if problems:
        return problems
    check = validation.resident_id if kind == "person" else validation.credit_code
    return _domain_problems(lambda: check(holder[number], number), f"holder.{number}")


def _domain_problems(run: Callable[[], object], field: str) -> list[RowProblem]:
    try:
        run()
    except DomainError as error:
        return [RowProblem(field, p.message) for p in error.problems]
    return []


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _at(index: int, problem: Problem) -> Problem:
    """In the importer's words (``INVALID_ROW``, the file and row named), the rule's code kept."""
    message = f"licences.json row {index}: {problem.message} ({problem.code})"
    return Problem("INVALID_ROW", message, f"licences.json[{index}].{problem.field or 'row'}")


def licence_sections(issuer: Issuer) -> list[NationalCodeSection | LicenceSection]:
    return [NationalCodeSection(), LicenceSection(issuer)]
