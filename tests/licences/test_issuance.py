"""Issuing: staff of the type's department only; the holder, fields, dates and any identifier the
department brings are checked, and a refusal changes nothing."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from luojiang.core.licences import identifiers
from luojiang.core.licences.models import Licence, NationalCode
from luojiang.core.licences.service import LicenceService
from tests.licences.support import SOCIAL_CARD, execute, resident_id, staff_of

ISSUE = """mutation($input: IssueLicenceInput!) { issueLicence(input: $input) {
  licence { identifier licenceType typeName issuerName holderName holderNumber(full: true)
            validFrom validUntil status fields(full: true) { key label value }
            checks { signatureValid validity revoked passed } }
  errors { code field message } } }"""


def _input(number: str, **changes: Any) -> dict[str, Any]:
    return {
        "licenceType": "LIC-SBK",
        "holder": {"kind": "PERSON", "name": "赵罗江", "number": number},
        "fields": {**SOCIAL_CARD, "name": "赵罗江", "id_number": number},
        "validFrom": "2025-03-01",
        **changes,
    }


async def test_staff_issue_a_signed_licence_with_a_national_identifier(
    app: Starlette, licences: LicenceService
) -> None:
    number = resident_id()
    body = await execute(app, await staff_of("LJ-RSJ"), ISSUE, {"input": _input(number)})
    payload = body.data["issueLicence"]
    assert payload["errors"] == []
    licence = payload["licence"]
    parsed = identifiers.parse(licence["identifier"])
    type_code = await NationalCode.get(kind="type", code="LIC-SBK")
    issuer_code = await NationalCode.get(kind="issuer", code="LJ-RSJ")
    assert (parsed.type_code, parsed.issuer_code) == (type_code.national_code, issuer_code.national_code)
    assert parsed.serial.startswith("2025")
    assert parsed.version == "001"
    assert licence["typeName"] == "社会保障卡"
    assert licence["issuerName"] == "德阳市罗江区人力资源和社会保障局"
    assert (licence["holderName"], licence["holderNumber"]) == ("赵**", number)
    # 10 years (valid_years), to the day before the tenth anniversary
    assert (licence["validFrom"], licence["validUntil"]) == ("2025-03-01", "2035-02-28")
    assert licence["status"] == "VALID"
    assert {f["key"]: f["value"] for f in licence["fields"]}["id_number"] == number
    assert licence["checks"] == {
        "signatureValid": True,
        "validity": "VALID",
        "revoked": False,
        "passed": True,
    }


async def test_serials_follow_each_other(app: Starlette, licences: LicenceService) -> None:
    staff = await staff_of("LJ-RSJ")
    serials = []
    for _ in range(2):
        body = await execute(app, staff, ISSUE, {"input": _input(resident_id())})
        serials.append(int(identifiers.parse(body.data["issueLicence"]["licence"]["identifier"]).serial))
    assert serials[1] == serials[0] + 1


async def test_only_staff_of_the_issuing_department_issue(app: Starlette, licences: LicenceService) -> None:
    before = await Licence.all().count()
    for stranger in (await staff_of("LJ-GAFJ"), None):
        body = await execute(app, stranger, ISSUE, {"input": _input(resident_id())})
        assert body.data["issueLicence"]["licence"] is None
        assert [e["code"] for e in body.data["issueLicence"]["errors"]] == ["FORBIDDEN"]
    assert await Licence.all().count() == before


async def test_bad_input_is_refused_and_changes_nothing(app: Starlette, licences: LicenceService) -> None:
    staff = await staff_of("LJ-RSJ")
    good = _input(resident_id())
    given = str(identifiers.build(*(await _codes("LIC-SBK", "LJ-RSJ")), "20250000001"))
    wrong_check = given[:-1] + ("0" if given[-1] != "0" else "1")
    other_type = str(identifiers.build(*(await _codes("LIC-JMSFZ", "LJ-GAFJ")), "20250000001"))
    cases = [
        ({"identifier": wrong_check}, "INVALID_IDENTIFIER", "identifier"),
        ({"identifier": other_type}, "INVALID_IDENTIFIER", "identifier"),
        (
            {"holder": {"kind": "PERSON", "name": "赵罗江", "number": "510604199001011230"}},
            "INVALID_ID_NUMBER",
            "holder.number",
        ),
        (
            {"holder": {"kind": "ENTERPRISE", "name": "某公司", "number": "91510604MA62K7Q3AF"}},
            "INVALID_HOLDER",
            "holder.kind",
        ),
        ({"fields": {"nickname": "小罗"}}, "INVALID_FIELDS", "fields"),
        ({"fields": {"name": 12}}, "INVALID_FIELDS", "fields"),
        ({"fields": {f"k{i}": "x" for i in range(60)}}, "INVALID_FIELDS", "fields"),
        ({"fields": {"name": "长" * 501}}, "INVALID_FIELDS", "fields"),
        ({"validUntil": "2025-01-01"}, "INVALID_DATES", "validUntil"),
        ({"licenceType": "LIC-NOPE"}, "NOT_FOUND", "licenceType"),
    ]
    before = await Licence.all().count()
    for changes, code, field in cases:
        body = await execute(app, staff, ISSUE, {"input": {**good, **changes}})
        assert body.errors is None, body.errors
        errors = body.data["issueLicence"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, field)], changes
    assert await Licence.all().count() == before


async def test_a_licence_issued_elsewhere_keeps_its_checked_identifier(
    app: Starlette, licences: LicenceService
) -> None:
    given = str(identifiers.build(*(await _codes("LIC-SBK", "LJ-RSJ")), "DEPT000042"))
    body = await execute(
        app, await staff_of("LJ-RSJ"), ISSUE, {"input": _input(resident_id(), identifier=given)}
    )
    assert body.data["issueLicence"]["licence"]["identifier"] == given
    again = await execute(
        app, await staff_of("LJ-RSJ"), ISSUE, {"input": _input(resident_id(), identifier=given)}
    )
    assert [e["code"] for e in again.data["issueLicence"]["errors"]] == ["IDENTIFIER_TAKEN"]


async def _codes(licence_type: str, department: str) -> tuple[str, str]:
    type_code = await NationalCode.get(kind="type", code=licence_type)
    issuer = await NationalCode.get(kind="issuer", code=department)
    return type_code.national_code, issuer.national_code
