"""减材料 and consent: the checklist marks materials the viewer holds a valid licence for; an
application attaches a held licence with the holder's consent, a department reads it only while
that consent stands, and every read is in the holder's log."""

from __future__ import annotations

from datetime import date

import pytest
from starlette.applications import Starlette

from luojiang.core.errors import DomainError, NotFound
from luojiang.core.identity.models import Person
from luojiang.core.identity.principal import Principal
from luojiang.core.licences.issuance import Holder, IssueRequest
from luojiang.core.licences.models import HolderKind, Licence, LicenceUse, UseKind
from luojiang.core.licences.reuse import HeldLicences
from luojiang.core.licences.service import LicenceService
from tests.api.test_checklist import BIRTH, CHECKLIST
from tests.licences.support import (
    execute,
    global_id,
    holder,
    issue_business_licence,
    issue_social_card,
    resident_id,
    staff_of,
)

CONSENTS = (
    """query($id: ID!) { node(id: $id) { ... on Licence { consents { caseNumber purpose withdrawnAt } } } }"""
)
WITHDRAW = """mutation($id: ID!, $case: String!) { withdrawLicenceConsent(licenceId: $id, caseNumber: $case) {
  ok errors { code } } }"""


@pytest.fixture
def reuse(app: Starlette, licences: LicenceService) -> HeldLicences:
    held: HeldLicences = app.state.services.licence_reuse
    return held


async def test_the_checklist_marks_what_the_viewer_holds(app: Starlette, licences: LicenceService) -> None:
    anonymous = (await execute(app, None, CHECKLIST, {"s": "LJ-YJS-CS", "a": BIRTH})).data["checklist"]
    typed = [m for m in anonymous["checklist"]["materials"] if m["licenceTypeCode"]]
    assert typed
    assert not any(m["satisfied"] for m in typed)
    wanted = typed[0]["licenceTypeCode"]
    licence, owner = await _licence_of(licences, wanted)
    mine = (await execute(app, owner, CHECKLIST, {"s": "LJ-YJS-CS", "a": BIRTH})).data["checklist"]
    satisfied = {m["licenceTypeCode"] for m in mine["checklist"]["materials"] if m["satisfied"]}
    assert satisfied == {wanted}
    await licences.revoke(await staff_of(licence_department(wanted)), licence.id, "test")
    again = (await execute(app, owner, CHECKLIST, {"s": "LJ-YJS-CS", "a": BIRTH})).data["checklist"]
    assert not any(m["satisfied"] for m in again["checklist"]["materials"])  # a revoked licence is not held


async def test_attach_read_and_withdraw_are_all_in_the_holders_log(
    app: Starlette, licences: LicenceService, reuse: HeldLicences
) -> None:
    licence, owner = await issue_social_card(licences)
    person = owner.person_id
    held = await reuse.held(person, None, ["LIC-SBK", "LIC-JMSFZ"])
    assert [(h.licence_id, h.licence_type, h.name) for h in held] == [(licence.id, "LIC-SBK", "社会保障卡")]
    assert held[0].number_masked == "…" + licence.identifier[-14:]
    attached = await reuse.attach(
        person_id=person,
        enterprise_id=None,
        licence_id=licence.id,
        case_number="LJ2026-0001",
        purpose="生育登记",
    )
    assert attached == held[0]
    view = await reuse.read_for_case(licence.id, "LJ2026-0001", "LJ-WJJ")
    assert view.licence.id == licence.id
    consents = (await execute(app, owner, CONSENTS, {"id": global_id(licence)})).data["node"]["consents"]
    assert consents == [{"caseNumber": "LJ2026-0001", "purpose": "生育登记", "withdrawnAt": None}]

    body = await execute(app, owner, WITHDRAW, {"id": global_id(licence), "case": "LJ2026-0001"})
    assert body.data["withdrawLicenceConsent"] == {"ok": True, "errors": []}
    with pytest.raises(DomainError) as refused:
        await reuse.read_for_case(licence.id, "LJ2026-0001", "LJ-WJJ")
    assert refused.value.problems[0].code == "NO_CONSENT"
    twice = await execute(app, owner, WITHDRAW, {"id": global_id(licence), "case": "LJ2026-0001"})
    assert [e["code"] for e in twice.data["withdrawLicenceConsent"]["errors"]] == ["NOT_FOUND"]

    log = await LicenceUse.filter(licence_id=licence.id).order_by("id")
    assert [(u.kind, u.reader, u.purpose) for u in log] == [
        (UseKind.CASE_ATTACHED, "case:LJ2026-0001", "生育登记"),
        (UseKind.CASE_READ, "LJ-WJJ", "生育登记"),
    ]


async def test_nobody_attaches_or_withdraws_another_persons_licence(
    app: Starlette, licences: LicenceService, reuse: HeldLicences
) -> None:
    licence, owner = await issue_social_card(licences)
    _, stranger = await issue_social_card(licences)
    with pytest.raises(NotFound):
        await reuse.attach(
            person_id=stranger.person_id,
            enterprise_id=None,
            licence_id=licence.id,
            case_number="X1",
            purpose="p",
        )
    await reuse.attach(
        person_id=owner.person_id, enterprise_id=None, licence_id=licence.id, case_number="X2", purpose="p"
    )
    with pytest.raises(NotFound):
        await reuse.withdraw(person_id=stranger.person_id, licence_id=licence.id, case_number="X2")
    body = await execute(app, stranger, WITHDRAW, {"id": global_id(licence), "case": "X2"})
    assert [e["code"] for e in body.data["withdrawLicenceConsent"]["errors"]] == ["NOT_FOUND"]
    assert (await reuse.read_for_case(licence.id, "X2", "LJ-RSJ")).licence.id == licence.id  # still consented
    assert await reuse.held(stranger.person_id, None, ["LIC-SBK"]) != []  # their own only
    assert licence.id not in [h.licence_id for h in await reuse.held(stranger.person_id, None, ["LIC-SBK"])]


async def test_expired_and_revoked_licences_are_neither_held_nor_attached(
    licences: LicenceService, reuse: HeldLicences
) -> None:
    old, owner = await issue_social_card(licences, valid_from=date(2010, 1, 1), valid_until=date(2015, 1, 1))
    assert await reuse.held(owner.person_id, None, ["LIC-SBK"]) == []
    with pytest.raises(DomainError) as refused:
        await reuse.attach(
            person_id=owner.person_id, enterprise_id=None, licence_id=old.id, case_number="Y1", purpose="p"
        )
    assert refused.value.problems[0].code == "LICENCE_NOT_VALID"


async def test_an_agent_offers_the_enterprise_licences_only_while_acting_for_it(
    licences: LicenceService, reuse: HeldLicences
) -> None:
    licence, enterprise = await issue_business_licence(licences)
    outsider = await Person.create()
    assert await reuse.held(outsider.id, enterprise.id, ["LIC-YYZZ"]) == []
    representative = await Person.create()
    enterprise.legal_representative_id = representative.id
    await enterprise.save()
    held = await reuse.held(representative.id, enterprise.id, ["LIC-YYZZ"])
    assert [h.licence_id for h in held] == [licence.id]


def licence_department(licence_type: str) -> str:
    return {"LIC-JMSFZ": "LJ-GAFJ", "LIC-HKB": "LJ-GAFJ", "LIC-CSYXZM": "LJ-WJJ", "LIC-JHZ": "LJ-MZJ"}[
        licence_type
    ]


async def _licence_of(licences: LicenceService, licence_type: str) -> tuple[Licence, Principal]:
    number = resident_id()
    request = IssueRequest(licence_type, Holder(HolderKind.PERSON, "王小罗", number), {})
    licence = await licences.issue(await staff_of(licence_department(licence_type)), request)
    assert licence.holder_person_id is not None
    return licence, holder(licence.holder_person_id)


async def test_a_licence_serves_only_its_own_holders_case(
    licences: LicenceService, reuse: HeldLicences
) -> None:
    card, representative = await issue_social_card(licences)
    business, enterprise = await issue_business_licence(licences)
    enterprise.legal_representative_id = representative.person_id
    await enterprise.save()
    person, company = representative.person_id, enterprise.id
    for licence_id, case_enterprise in ((business.id, None), (card.id, company)):  # each on the other's case
        with pytest.raises(NotFound):
            await reuse.attach(
                person_id=person,
                enterprise_id=case_enterprise,
                licence_id=licence_id,
                case_number="H1",
                purpose="p",
            )
    assert not await LicenceUse.filter(
        licence_id__in=[card.id, business.id], kind=UseKind.CASE_ATTACHED
    ).exists()
    assert [h.licence_id for h in await reuse.held(person, None, ["LIC-SBK", "LIC-YYZZ"])] == [card.id]
    assert [h.licence_id for h in await reuse.held(person, company, ["LIC-SBK", "LIC-YYZZ"])] == [business.id]
    for licence_id, case_enterprise in ((card.id, None), (business.id, company)):  # each on its own
        attached = await reuse.attach(
            person_id=person,
            enterprise_id=case_enterprise,
            licence_id=licence_id,
            case_number="H2",
            purpose="p",
        )
        assert attached.licence_id == licence_id
