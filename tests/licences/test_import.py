"""The e-licence files of the catalogue format: national codes and licences imported all or
nothing with every other file; an identifier with a wrong check character is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.applications import Starlette
from stdnum.cn import uscc

from luojiang.app.cli import DEMO_CATALOGUE as DEMO
from luojiang.core.catalogue.importer import check_files, read_folder
from luojiang.core.catalogue.service import CatalogueService
from luojiang.core.errors import DomainError
from luojiang.core.licences import identifiers
from luojiang.core.licences.models import Licence, NationalCode
from luojiang.core.licences.service import LicenceService
from tests.licences.support import execute, resident_id
from tests.support.viewers import ADMIN

IMPORT = """mutation($files: [CatalogueFileInput!]!) {
  importCatalogue(files: $files) { applied rejected { index } errors { code field message } } }"""


async def _identifier(licence_type: str, department: str, serial: str) -> str:
    type_code = await NationalCode.get(kind="type", code=licence_type)
    issuer = await NationalCode.get(kind="issuer", code=department)
    return str(identifiers.build(type_code.national_code, issuer.national_code, serial))


async def _rows() -> list[dict[str, Any]]:
    number = resident_id()
    base = f"91510604MA{int(number[-8:-1]):07d}"
    credit = base + uscc.calc_check_digit(base)
    return [
        {
            "identifier": await _identifier("LIC-JMSFZ", "LJ-GAFJ", f"IMP{number[-10:]}"),
            "licence_type": "LIC-JMSFZ",
            "holder": {"kind": "person", "name": "孙罗江", "id_number": number},
            "valid_from": "2019-07-01",
            "valid_until": "2039-07-01",
            "fields": {"name": "孙罗江", "id_number": number, "sex": "女"},
        },
        {
            "identifier": await _identifier("LIC-YYZZ", "LJ-SCJGJ", f"IMP{credit[-10:]}"),
            "licence_type": "LIC-YYZZ",
            "holder": {"kind": "enterprise", "name": "罗江导入商贸有限公司", "credit_code": credit},
            "valid_from": "2022-01-05",
            "valid_until": None,
            "fields": {"uscc": credit, "name": "罗江导入商贸有限公司"},
        },
    ]


def _catalogue(app: Starlette) -> CatalogueService:
    catalogue: CatalogueService = app.state.services.catalogue
    return catalogue


async def test_licences_import_signed_once_and_again_changes_nothing(
    app: Starlette, licences: LicenceService
) -> None:
    rows = await _rows()
    files = {"licences.json": json.dumps(rows, ensure_ascii=False)}
    report = await _catalogue(app).import_unchecked(files)
    assert report.applied, report.rejected
    counts = report.sections["licences.json"]
    assert (counts.created, counts.unchanged) == (2, 0)
    for row in rows:
        licence = await Licence.get(identifier=row["identifier"])
        assert licence.issued_by == "import"
        assert (await licences.check(licence)).passed
    again = await _catalogue(app).import_unchecked(files)
    assert (again.sections["licences.json"].created, again.sections["licences.json"].unchanged) == (0, 2)


async def test_a_wrong_check_character_rejects_the_whole_file(
    app: Starlette, licences: LicenceService
) -> None:
    rows = await _rows()
    good = rows[0]["identifier"]
    rows[1]["identifier"] = rows[1]["identifier"][:-1] + ("0" if rows[1]["identifier"][-1] != "0" else "1")
    report = await _catalogue(app).import_unchecked({"licences.json": json.dumps(rows, ensure_ascii=False)})
    assert report.applied is False
    assert [(r.index, r.field) for r in report.rejected] == [(1, "identifier")]
    assert "wrong check character" in report.rejected[0].reason
    assert not await Licence.filter(identifier=good).exists()


async def test_a_row_refused_as_it_is_applied_rolls_the_import_back(
    app: Starlette, licences: LicenceService
) -> None:
    rows = await _rows()
    # a well-formed identifier, but of another licence type than the row's
    rows[1]["identifier"] = await _identifier("LIC-SPJYXKZ", "LJ-SCJGJ", "IMPWRONG01")
    codes_before = await NationalCode.all().count()
    files = [{"name": "licences.json", "content": json.dumps(rows, ensure_ascii=False)}]
    body = await execute(app, ADMIN, IMPORT, {"files": files})
    assert body.errors is None, body.errors
    result = body.data["importCatalogue"]
    assert (result["applied"], result["rejected"]) == (False, [])
    (error,) = result["errors"]
    assert (error["code"], error["field"]) == ("INVALID_ROW", "licences.json[1].identifier")
    assert error["message"].startswith("licences.json row 1: ")
    assert error["message"].endswith("(INVALID_IDENTIFIER)")
    assert not await Licence.filter(identifier=rows[0]["identifier"]).exists()
    assert await NationalCode.all().count() == codes_before
    with pytest.raises(DomainError):  # the command line sees the same refusal
        await _catalogue(app).import_unchecked({"licences.json": json.dumps(rows, ensure_ascii=False)})


async def test_bad_rows_of_either_file_are_named(app: Starlette, licences: LicenceService) -> None:
    rows = await _rows()
    rows[0]["holder"]["id_number"] = "510604199001011230"
    rows[1]["licence_type"] = "LIC-NOPE"
    codes = [
        {"kind": "issuer", "code": "LJ-NOPE", "national_code": "91510604MA62K7Q3AF"},
        {"kind": "type", "code": "LIC-SBK", "national_code": "11510604259395937G00"},
        {"kind": "seal", "code": "LIC-SBK", "national_code": "x"},
    ]
    files = {
        "licences.json": json.dumps(rows, ensure_ascii=False),
        "licence_codes.json": json.dumps(codes, ensure_ascii=False),
    }
    rejected = await check_files(files, _catalogue(app)._sections)
    found = {(r.file, r.index, r.field) for r in rejected}
    assert found == {
        ("licences.json", 0, "holder.id_number"),
        ("licences.json", 1, "licence_type"),
        ("licence_codes.json", 0, "code"),
        ("licence_codes.json", 1, "national_code"),
        ("licence_codes.json", 2, "kind"),
    }


async def test_the_demo_folder_checks_with_the_licence_files(
    app: Starlette, licences: LicenceService
) -> None:
    sections = _catalogue(app)._sections
    assert "licence_codes.json" in read_folder(DEMO, sections)
    assert await check_files(read_folder(DEMO, sections), sections) == []
