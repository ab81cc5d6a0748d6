"""Applications over GraphQL with the published operations: the whole path of a case for the
applicant and the department's staff; another person's or department's case reads as null and
refuses every mutation; files over HTTP with real, forged and expired tokens."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from strawberry import relay

from luojiang.core.applications.files import MAX_MATERIAL_BYTES
from luojiang.core.applications.models import CaseMaterial
from luojiang.core.catalogue.models import Department, LicenceType, Matter
from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.principal import Principal
from tests.applications.support import (
    DEPARTMENT,
    FORM,
    MATTER,
    OTHER_DEPARTMENT,
    PNG,
    new_person,
    new_staff,
    required_materials,
)
from tests.licences.support import execute
from tests.tourism.test_media import bearer_client

OPERATIONS = Path(__file__).resolve().parents[2] / "graphql/operations/applications"


def op(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text("utf-8")


async def run(app: Starlette, viewer: Principal | None, name: str, **variables: Any) -> Any:
    result = await execute(app, viewer, op(name), variables)
    assert result.errors is None, result.errors
    return result.data


def gid(case_id: int) -> str:
    return str(relay.to_base64("Application", case_id))


async def started(app: Starlette, applicant: Principal) -> str:
    data = await run(app, applicant, "StartApplication", matterCode=MATTER)
    return str(data["startApplication"]["application"]["id"])


async def upload(
    app: Starlette, viewer: Principal, application_id: str, material: str, data: bytes
) -> httpx.Response:
    async with bearer_client(app, viewer) as http:
        return await http.put(
            f"/applications/{application_id}/materials", params={"material": material}, content=data
        )


async def test_a_case_from_start_to_rating_over_graphql(app: Starlette) -> None:
    applicant, staff = await new_person(), await new_staff()
    application_id = await started(app, applicant)
    saved = await run(app, applicant, "SaveApplicationForm", applicationId=application_id, form=FORM)
    assert saved["saveApplicationForm"]["errors"] == []
    case_id = int(relay.from_base64(application_id)[1])
    from luojiang.core.applications.models import Case

    for material in await required_materials(await Case.get(id=case_id)):
        assert (await upload(app, applicant, application_id, material, PNG)).status_code == 201
    key = uuid.uuid4().hex
    first = await run(app, applicant, "SubmitApplication", applicationId=application_id, submitKey=key)
    again = await run(app, applicant, "SubmitApplication", applicationId=application_id, submitKey=key)
    assert first["submitApplication"]["application"]["state"] == "SUBMITTED"
    assert again["submitApplication"]["application"] == first["submitApplication"]["application"]
    queue = await run(app, staff, "ApplicationQueue", first=100, matterCode=MATTER)
    assert application_id in [n["id"] for n in queue["applicationQueue"]["nodes"]]
    await run(app, staff, "AcceptApplication", applicationId=application_id)
    asked = await run(
        app,
        staff,
        "RequestApplicationSupplements",
        applicationId=application_id,
        materials=[{"material": "近期免冠证件照片", "reason": "照片不清晰"}],
    )
    assert asked["requestApplicationSupplements"]["application"]["waitingForApplicant"] is True
    detail = (await run(app, applicant, "ApplicationDetail", id=application_id))["node"]
    reasons = {m["name"]: m["supplementReason"] for m in detail["materials"]}
    assert reasons["近期免冠证件照片"] == "照片不清晰"
    assert (await upload(app, applicant, application_id, "近期免冠证件照片", PNG)).status_code == 201
    await run(app, applicant, "SupplementApplication", applicationId=application_id)
    approved = await run(app, staff, "ApproveApplication", applicationId=application_id, reason="准予")
    assert approved["approveApplication"]["application"]["state"] == "APPROVED"
    rated = await run(
        app, applicant, "RateApplication", applicationId=application_id, level=2, reasons=["材料繁琐"]
    )
    assert rated["rateApplication"]["application"]["rating"]["levelName"] == "不满意"
    tasks = await run(app, staff, "RectificationTasks", first=100)
    assert application_id in [t["application"]["id"] for t in tasks["rectificationTasks"]["nodes"]]
    await run(app, staff, "ReplyToApplicationRating", applicationId=application_id, reply="已简化材料")
    detail = (await run(app, applicant, "ApplicationDetail", id=application_id))["node"]
    assert detail["rating"]["reply"] == "已简化材料"
    assert [s["toState"] for s in detail["steps"]] == [
        "SUBMITTED",
        "ACCEPTED",
        "SUPPLEMENT_REQUESTED",
        "SUPPLEMENTED",
        "APPROVED",
    ]
    assert {f["key"]: f["value"] for f in detail["form"]}["contact_phone"] == FORM["contact_phone"]


async def test_the_other_department_has_no_part_in_the_suites_orders_or_licences(app: Starlette) -> None:
    """What OTHER_DEPARTMENT stands for: its staff have no other way to see anything (no fees the
    payment tests charge, no licences it issues), so "they see nothing" is the case rules' doing."""
    other = await Department.get(code=OTHER_DEPARTMENT)
    assert other.code != DEPARTMENT
    matters = await Matter.filter(department_id=other.id)
    assert matters
    assert [m.code for m in matters if m.fee_items] == []
    assert not await LicenceType.exists(issuer_department=OTHER_DEPARTMENT)


async def test_another_persons_or_departments_case_is_null_and_untouchable(app: Starlette) -> None:
    applicant, stranger = await new_person(), await new_person()
    other_staff = await new_staff(OTHER_DEPARTMENT)
    application_id = await started(app, applicant)
    for viewer in (stranger, other_staff, None):
        assert (await run(app, viewer, "ApplicationDetail", id=application_id))["node"] is None
    draft_staff = await new_staff()  # the right department, but a draft is the applicant's alone
    assert (await run(app, draft_staff, "ApplicationDetail", id=application_id))["node"] is None
    attempts = [
        ("SaveApplicationForm", stranger, {"form": FORM}),
        ("SubmitApplication", stranger, {"submitKey": "stranger-key-1"}),
        ("WithdrawApplication", stranger, {}),
        ("AcceptApplication", other_staff, {}),
        ("RejectApplication", other_staff, {"reason": "x"}),
        ("RateApplication", stranger, {"level": 1}),
    ]
    for name, viewer, extra in attempts:
        data = await run(app, viewer, name, applicationId=application_id, **extra)
        payload = next(iter(data.values()))
        assert payload["application"] is None
        assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"], name
    for forged in ("QXBwbGljYXRpb246MA==", str(relay.to_base64("Application", 2**40))):
        assert (await run(app, applicant, "ApplicationDetail", id=forged))["node"] is None
    mine = await run(app, stranger, "MyApplications", first=100)
    assert application_id not in [n["id"] for n in mine["myApplications"]["nodes"]]
    queue = await run(app, stranger, "ApplicationQueue", first=100)
    assert queue["applicationQueue"]["nodes"] == []


async def test_a_wrong_transition_is_a_typed_error(app: Starlette) -> None:
    applicant, staff = await new_person(), await new_staff()
    application_id = await started(app, applicant)
    data = await run(app, applicant, "SubmitApplication", applicationId=application_id, submitKey="k" * 10)
    assert {e["code"] for e in data["submitApplication"]["errors"]} <= {"REQUIRED", "MATERIALS_MISSING"}
    bad = await run(app, applicant, "SaveApplicationForm", applicationId=application_id, form={"x" * 99: 1})
    assert [e["code"] for e in bad["saveApplicationForm"]["errors"]] == ["UNKNOWN_FIELD"]
    assert (await run(app, staff, "ApproveApplication", applicationId=application_id))["approveApplication"][
        "errors"
    ][0]["code"] == "NOT_FOUND"  # a draft is not on any desk


async def test_uploads_refuse_forged_and_expired_tokens_and_oversized_files(app: Starlette) -> None:
    applicant = await new_person()
    application_id = await started(app, applicant)
    url = f"/applications/{application_id}/materials"
    sessions = app.state.services.identity.sessions
    expired = AccessTokens(keys=sessions.access.keys, issuer=sessions.access.issuer, ttl_seconds=-1)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        for token in (None, "forged.token.value", expired.issue(applicant)):
            headers = {"authorization": f"Bearer {token}"} if token else {}
            response = await http.put(url, params={"material": "居民身份证"}, content=PNG, headers=headers)
            assert response.status_code == 401
    too_big = b"%PDF-" + b"0" * MAX_MATERIAL_BYTES
    assert (await upload(app, applicant, application_id, "居民身份证", too_big)).status_code == 413
    assert (await upload(app, applicant, application_id, "居民身份证", b"MZ\x90\x00")).status_code == 422
    stranger = await new_person()
    assert (await upload(app, stranger, application_id, "居民身份证", PNG)).status_code == 404
    assert (await upload(app, applicant, "not-an-id", "居民身份证", PNG)).status_code == 404
    assert (await upload(app, applicant, application_id, "居民身份证", PNG)).status_code == 201


async def download(app: Starlette, viewer: Principal, application_id: str, material: str) -> httpx.Response:
    async with bearer_client(app, viewer) as http:
        return await http.get(f"/applications/{application_id}/materials", params={"material": material})


async def test_a_material_is_sealed_at_rest_and_read_back_only_by_its_applicant_and_desk(
    app: Starlette,
) -> None:
    applicant, stranger = await new_person(), await new_person()
    staff, other_staff = await new_staff(), await new_staff(OTHER_DEPARTMENT)
    application_id = await started(app, applicant)
    scan = PNG + uuid.uuid4().bytes  # a document nobody else has
    assert (await upload(app, applicant, application_id, "居民身份证", scan)).status_code == 201
    row = await CaseMaterial.get(case_id=int(relay.from_base64(application_id)[1]), name="居民身份证")
    stored = await app.state.services.storage.get(row.storage_key)
    assert stored is not None
    assert scan not in stored
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        assert (await http.get(f"/media/{row.storage_key}")).status_code == 404  # never public
        anonymous = await http.get(
            f"/applications/{application_id}/materials", params={"material": "居民身份证"}
        )
        assert anonymous.status_code == 401
    mine = await download(app, applicant, application_id, "居民身份证")
    assert mine.status_code == 200
    assert mine.content == scan
    assert mine.headers["cache-control"] == "private, no-store"
    assert mine.headers["content-disposition"] == "attachment"
    # a draft is the applicant's alone; strangers and other departments never see the case
    for viewer in (stranger, other_staff, staff):
        assert (await download(app, viewer, application_id, "居民身份证")).status_code == 404
    assert (await download(app, applicant, application_id, "no such material")).status_code == 404
    await run(app, applicant, "SaveApplicationForm", applicationId=application_id, form=FORM)
    from luojiang.core.applications.models import Case

    for material in await required_materials(await Case.get(id=row.case_id)):
        if material != "居民身份证":
            assert (await upload(app, applicant, application_id, material, PNG)).status_code == 201
    await run(app, applicant, "SubmitApplication", applicationId=application_id, submitKey=uuid.uuid4().hex)
    desk = await download(app, staff, application_id, "居民身份证")  # submitted: now on the desk
    assert desk.status_code == 200
    assert desk.content == scan
    for viewer in (stranger, other_staff):
        assert (await download(app, viewer, application_id, "居民身份证")).status_code == 404


async def test_a_material_name_with_a_nul_byte_is_a_clear_client_error(app: Starlette) -> None:
    applicant = await new_person()
    application_id = await started(app, applicant)
    for name in ("居民\x00身份证", "\x00"):
        put = await upload(app, applicant, application_id, name, PNG)
        got = await download(app, applicant, application_id, name)
        for response in (put, got):
            assert response.status_code == 400, response.text
            assert response.json()["errors"][0]["code"] == "INVALID_INPUT"


async def test_a_huge_or_unreadable_declared_length_is_refused_before_the_body(app: Starlette) -> None:
    applicant = await new_person()
    application_id = await started(app, applicant)
    url = f"/applications/{application_id}/materials"
    declared_lengths = {
        "9" * 5000: (413, "UPLOAD_TOO_LARGE"),  # int() of these digits would raise
        str(2**70): (413, "UPLOAD_TOO_LARGE"),
        "²": (400, "INVALID_INPUT"),  # a digit to str.isdigit, not to int()
        "-5": (400, "INVALID_INPUT"),
        "12abc": (400, "INVALID_INPUT"),
    }
    async with bearer_client(app, applicant) as http:
        for declared, (status, code) in declared_lengths.items():
            headers = {"content-length": declared.encode("latin-1")}
            response = await http.put(url, params={"material": "居民身份证"}, content=PNG, headers=headers)
            assert (response.status_code, response.json()["errors"][0]["code"]) == (status, code), declared
    assert not await CaseMaterial.filter(case__id=int(relay.from_base64(application_id)[1])).exists()
