"""The applicant's side: forms checked against the matter's fields (every problem at once, nothing
kept half-way), materials checked before storage, e-licences attached with consent, enterprises
applied for only by those who may act for them, one-thing scenarios started at once."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from starlette.applications import Starlette

from luojiang.core.applications.files import MAX_MATERIAL_BYTES
from luojiang.core.applications.models import CaseMaterial, CaseState, MaterialKind
from luojiang.core.catalogue.checklist import Answer
from luojiang.core.catalogue.models import Matter
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.identity.models import AgentAuthorisation
from luojiang.core.identity.principal import Principal
from luojiang.core.licences.models import Consent
from luojiang.core.licences.service import LicenceService
from luojiang.core.pagination import PageRequest
from tests.applications.support import (
    BOTH_MATTER,
    FORM,
    MATTER,
    PDF,
    PNG,
    KeyRecordingStorage,
    RecordingEvents,
    new_enterprise,
    new_person,
    required_materials,
    service_with,
)
from tests.licences.support import issue_business_licence, issue_social_card

SOCIAL_CARD_MATTER = "LJ-RSJ-002"  # 社会保障卡补领、换领: takes a 社会保障卡 (LIC-SBK), optional


def codes(error: pytest.ExceptionInfo[DomainError]) -> list[tuple[str, str | None]]:
    return [(p.code, p.field) for p in error.value.problems]


async def test_the_form_reports_every_field_at_fault_and_keeps_nothing(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    applicant = await new_person()
    case = await service.start(applicant, MATTER)
    await service.save_form(applicant, case.id, FORM)
    bad = {"contact_name": "x" * 33, "contact_phone": "12345", "nickname": "罗罗", "remarks": 7}
    with pytest.raises(DomainError) as refused:
        await service.save_form(applicant, case.id, bad)
    assert sorted(codes(refused)) == [
        ("INVALID_VALUE", "form.contact_name"),
        ("INVALID_VALUE", "form.contact_phone"),
        ("INVALID_VALUE", "form.remarks"),
        ("UNKNOWN_FIELD", "form.nickname"),
    ]
    kept = await service.case_for(applicant, case.id)
    assert service.form_values(kept) == FORM  # the earlier form, untouched
    assert FORM["contact_phone"] not in kept.form_enc  # encrypted at rest


async def test_oversized_forms_are_refused_before_any_field_is_read(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    applicant = await new_person()
    case = await service.start(applicant, MATTER)
    for values in ({f"k{i}": "v" for i in range(1000)}, ["not", "an", "object"], "text"):
        with pytest.raises(DomainError) as refused:
            await service.save_form(applicant, case.id, values)
        assert codes(refused) == [("INVALID_FORM", "form")]


async def test_a_matters_own_fields_are_checked_and_required_ones_only_on_submit(app: Starlette) -> None:
    matter = await Matter.get(code=BOTH_MATTER)
    matter.form_fields = [
        {"key": "project", "label": "创业项目", "required": True, "max_length": 50},
        {"key": "amount", "label": "申请金额（万元）", "kind": "number"},
        {"key": "kind", "label": "主体类型", "kind": "choice", "choices": ["个体", "企业"]},
    ]
    await matter.save(update_fields=["form_fields"])
    service = service_with(app, events=RecordingEvents())
    applicant = await new_person()
    try:
        case = await service.start(applicant, BOTH_MATTER)
        with pytest.raises(DomainError) as refused:
            await service.save_form(applicant, case.id, {**FORM, "amount": "十万", "kind": "集体"})
        await service.save_form(applicant, case.id, {**FORM, "amount": "10"})  # a draft may be incomplete
        with pytest.raises(DomainError) as incomplete:
            await service.submit(applicant, case.id, "submit-key-1")
    finally:  # the catalogue is shared by the session's tests (re-imports must find it unchanged)
        await Matter.filter(code=BOTH_MATTER).update(form_fields=[])
    assert sorted(codes(refused)) == [("INVALID_VALUE", "form.amount"), ("INVALID_VALUE", "form.kind")]
    assert ("REQUIRED", "form.project") in codes(incomplete)
    assert (await service.case_for(applicant, case.id)).state is CaseState.DRAFT


async def test_materials_are_checked_before_storage(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    applicant = await new_person()
    case = await service.start(applicant, MATTER)
    refusals = {
        b"": "EMPTY_UPLOAD",
        b"GIF89a" + b"0" * 10: "UNSUPPORTED_FILE_TYPE",
        b"%PDF-" + b"0" * MAX_MATERIAL_BYTES: "UPLOAD_TOO_LARGE",
    }
    for data, code in refusals.items():
        with pytest.raises(DomainError) as refused:
            await service.add_upload(applicant, case.id, "居民身份证", data)
        assert codes(refused) == [(code, "file")]
    with pytest.raises(DomainError) as unknown:
        await service.add_upload(applicant, case.id, "不存在的材料", PNG)
    assert codes(unknown) == [("UNKNOWN_MATERIAL", "material")]
    assert not await CaseMaterial.filter(case_id=case.id).exists()
    material = await service.add_upload(applicant, case.id, "居民身份证", PDF)
    assert material.content_type == "application/pdf"
    stored = await service.storage.get(material.storage_key)
    assert stored is not None
    assert PDF not in stored  # sealed at rest
    assert service.cipher.open(stored, material.storage_key) == PDF
    again = await service.add_upload(applicant, case.id, "居民身份证", PNG)  # a new file replaces it
    assert again.id == material.id
    assert again.content_type == "image/png"
    assert await service.storage.get(material.storage_key) is None  # the replaced scan is gone
    assert await service.storage.get(again.storage_key) is not None


async def test_uploads_and_licences_for_one_material_at_once_keep_one_row_and_refuse_none(
    app: Starlette, licences: LicenceService
) -> None:
    """Two phones (or a double tap) giving the same material together, as files or as the held
    licence: every request answers, the case keeps one material row and the licence one consent."""
    licence, holder = await issue_social_card(licences)
    service = service_with(app, events=RecordingEvents())
    case = await service.start(holder, SOCIAL_CARD_MATTER)
    scans = [PNG + bytes([n]) * 8 for n in range(3)]
    kept = await asyncio.gather(
        *(service.attach_licence(holder, case.id, "社会保障卡", licence.id) for _ in range(3)),
        *(service.add_upload(holder, case.id, "社会保障卡", scan) for scan in scans),
    )
    (row,) = await CaseMaterial.filter(case_id=case.id, name="社会保障卡")
    assert {material.id for material in kept} == {row.id}
    if row.kind is MaterialKind.UPLOAD:
        stored = await service.storage.get(row.storage_key)
        assert stored is not None
        assert service.cipher.open(stored, row.storage_key) in scans
    else:
        assert row.licence_id == licence.id
    (consent,) = await Consent.filter(licence_id=licence.id, case_number=case.case_number)
    assert (consent.granted_by_id, consent.withdrawn_at) == (holder.person_id, None)
    assert consent.granted_at is not None


async def test_uploads_of_one_material_at_once_leave_only_the_kept_file_in_storage(app: Starlette) -> None:
    """A double tap: two uploads of the same material together. Whichever the case keeps, the
    files it no longer names are deleted, never left as personal data nobody can reach (nor
    re-encrypt). The storage orders them at the worst moment: both have begun (each read the
    material then) before either writes, and the second writes only once the first has finished."""
    both_began, first_finished = asyncio.Event(), asyncio.Event()

    async def interleave(write: int) -> None:
        if write == 2:  # the first upload's file (write 1 is the scan both replace)
            await both_began.wait()
        if write == 3:
            both_began.set()
            await first_finished.wait()

    storage = KeyRecordingStorage(service_with(app).storage)
    service = service_with(app, events=RecordingEvents(), storage=storage)
    applicant = await new_person()
    case = await service.start(applicant, MATTER)
    await service.add_upload(applicant, case.id, "居民身份证", PDF)
    storage.before_put, storage.after_delete = interleave, first_finished.set
    scans = (PNG + b"1", PNG + b"2")
    await asyncio.gather(*(service.add_upload(applicant, case.id, "居民身份证", scan) for scan in scans))
    row = await CaseMaterial.get(case_id=case.id, name="居民身份证")
    assert len(storage.written) == 3
    assert [key for key in storage.written if await storage.exists(key)] == [row.storage_key]


async def test_a_case_is_submitted_only_with_its_required_materials(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    applicant = await new_person()
    case = await service.start(applicant, MATTER)
    await service.save_form(applicant, case.id, FORM)
    await service.add_upload(applicant, case.id, "居民身份证", PNG)
    with pytest.raises(DomainError) as refused:
        await service.submit(applicant, case.id, "submit-key-2")
    assert codes(refused) == [("MATERIALS_MISSING", "materials")]


async def test_a_held_licence_stands_in_for_an_upload_with_consent(
    app: Starlette, licences: LicenceService
) -> None:
    licence, holder = await issue_social_card(licences)
    service = service_with(app, events=RecordingEvents())
    case = await service.start(holder, SOCIAL_CARD_MATTER)
    offered = await service.offered_licences(holder, case)
    assert [o.licence_id for o in offered] == [licence.id]
    scan = await service.add_upload(holder, case.id, "社会保障卡", PNG)
    material = await service.attach_licence(holder, case.id, "社会保障卡", licence.id)
    assert await service.storage.get(scan.storage_key) is None  # the licence replaced the scan
    assert (material.kind, material.licence_id, material.licence_type) == (
        MaterialKind.LICENCE,
        licence.id,
        "LIC-SBK",
    )
    stranger = await new_person()
    other = await service.start(stranger, SOCIAL_CARD_MATTER)
    with pytest.raises(DomainError):  # not theirs: refused by the licence's keeper
        await service.attach_licence(stranger, other.id, "社会保障卡", licence.id)
    assert await service.offered_licences(stranger, case) == []


async def test_an_enterprises_licence_is_offered_to_and_attached_by_whoever_acts_for_it_now(
    app: Starlette, licences: LicenceService
) -> None:
    """One rule for offering and attaching: the enterprise's licence, by anyone who may act for the
    enterprise now (the consent is theirs, in its name); never a stranger, nor an agent whose
    authorisation ended (even with a token that still names the enterprise)."""
    licence, enterprise = await issue_business_licence(licences)
    representative = await new_person()
    enterprise.legal_representative_id = representative.person_id
    await enterprise.save()

    async def agent() -> Principal:
        acting = await new_person(enterprise_ids=frozenset({enterprise.id}))
        await AgentAuthorisation.create(
            enterprise_id=enterprise.id, agent_id=acting.person_id, granted_by_id=representative.person_id
        )
        return acting

    applicant, colleague, former, stranger = await agent(), await agent(), await agent(), await new_person()
    await AgentAuthorisation.filter(agent_id=former.person_id).update(revoked_at=datetime.now(UTC))
    service = service_with(app, events=RecordingEvents())
    case = await service.start(applicant, BOTH_MATTER, enterprise.id)
    for acting in (applicant, colleague):
        assert [o.licence_id for o in await service.offered_licences(acting, case)] == [licence.id]
    for outsider in (stranger, former):
        assert await service.offered_licences(outsider, case) == []
        with pytest.raises(NotFound):
            await service.attach_licence(outsider, case.id, "营业执照", licence.id)
    assert not await CaseMaterial.exists(case_id=case.id)
    material = await service.attach_licence(colleague, case.id, "营业执照", licence.id)
    assert (material.kind, material.licence_id) == (MaterialKind.LICENCE, licence.id)
    consent = await Consent.get(licence_id=licence.id, case_number=case.case_number)
    assert consent.granted_by_id == colleague.person_id


async def test_only_who_may_act_for_an_enterprise_applies_for_it(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    representative = await new_person()
    enterprise_id = await new_enterprise(representative.person_id)
    stranger = await new_person()
    with pytest.raises(NotFound):
        await service.start(stranger, BOTH_MATTER, enterprise_id)
    agent = await new_person(enterprise_ids=frozenset({enterprise_id}))
    case = await service.start(agent, BOTH_MATTER, enterprise_id)
    assert case.enterprise_id == enterprise_id
    assert case.applicant_id == agent.person_id
    with pytest.raises(DomainError) as refused:  # a matter for people only
        await service.start(agent, MATTER, enterprise_id)
    assert codes(refused) == [("WRONG_AUDIENCE", "enterpriseId")]


async def test_another_persons_case_does_not_exist_for_them(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    owner, stranger = await new_person(), await new_person()
    case = await service.start(owner, MATTER)
    for attempt in (
        service.save_form(stranger, case.id, FORM),
        service.add_upload(stranger, case.id, "居民身份证", PNG),
        service.submit(stranger, case.id, "submit-key-3"),
        service.withdraw(stranger, case.id, ""),
        service.save_form(None, case.id, FORM),
    ):
        with pytest.raises(NotFound):
            await attempt


async def test_a_one_thing_scenario_starts_a_draft_for_each_online_matter(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    applicant = await new_person()
    answers = [
        Answer("sbk", ("yes",)),
        Answer("hukou", ("one",)),
        Answer("shengyu", ("no",)),
        Answer("djfw", ("no",)),
    ]
    cases = await service.start_scenario(applicant, "LJ-YJS-CS", answers, None)
    checklist = await app.state.services.catalogue.checklist("LJ-YJS-CS", answers, applicant.person_id)
    online = {m.code for m in await Matter.filter(code__in=checklist.matters, online=True)}
    matters = {m.id: m.code for m in await Matter.filter(id__in=[c.matter_id for c in cases])}
    assert {matters[c.matter_id] for c in cases} == online
    assert online
    assert {c.scenario_code for c in cases} == {"LJ-YJS-CS"}
    assert len({c.case_number for c in cases}) == len(cases)


async def test_a_former_agent_loses_the_enterprises_cases_they_applied_for(app: Starlette) -> None:
    service = service_with(app, events=RecordingEvents())
    representative = await new_person()
    enterprise_id = await new_enterprise(representative.person_id)
    agent = await new_person(enterprise_ids=frozenset({enterprise_id}))
    case = await service.start(agent, BOTH_MATTER, enterprise_id)
    await service.save_form(agent, case.id, FORM)
    for material in await required_materials(case):
        await service.add_upload(agent, case.id, material, PNG)
    await service.submit(agent, case.id, "former-agent-key")
    own = await service.start(agent, BOTH_MATTER)
    former = replace(agent, enterprise_ids=frozenset())  # their token after the authorisation ended
    for attempt in (
        service.case_for(former, case.id),
        service.save_form(former, case.id, FORM),
        service.withdraw(former, case.id, "撤回"),
        service.submit(former, case.id, "former-agent-key"),
        service.material_file(former, case.id, (await required_materials(case))[0]),
    ):
        with pytest.raises(NotFound):
            await attempt
    mine = await service.my_cases(former, PageRequest(first=100))
    assert [c.id for c in mine.items] == [own.id]
    assert (await service.case_for(agent, case.id)).state is CaseState.SUBMITTED  # while they still act
