"""亮证: the holder asks for a one-time token, a verifier opens /verify/{token} once and sees the
licence's essentials, its checks and only the fields the holder chose; every other token gets a
clear page with no data."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta

import httpx
from starlette.applications import Starlette

from luojiang.app.licences_wiring import build_licences
from luojiang.core.identity.principal import Assurance
from luojiang.core.licences import repository, showing
from luojiang.core.licences.models import LicenceUse, ShowToken
from luojiang.core.licences.repository import Spent
from luojiang.core.licences.service import LicenceService
from luojiang.core.licences.spending import TokenSpender
from tests.licences.support import execute, global_id, holder, issue_social_card, staff_of

SHOW = """mutation($id: ID!, $fields: [String!], $purpose: String! = "") {
  showLicence(licenceId: $id, fields: $fields, purpose: $purpose) {
    showing { token url expiresAt qrSvg } errors { code field } } }"""
USES = """query($id: ID!) { node(id: $id) { ... on Licence {
  uses(first: 10) { nodes { kind reader purpose fieldsSeen } } } } }"""
REVOKE = """mutation($id: ID!) { revokeLicence(licenceId: $id, reason: "伪造材料") {
  licence { status } errors { code } } }"""


async def _show(app: Starlette, licences: LicenceService, **variables: object) -> tuple[str, str]:
    licence, owner = await issue_social_card(licences)
    body = await execute(app, owner, SHOW, {"id": global_id(licence), **variables})
    shown = body.data["showLicence"]
    assert shown["errors"] == []
    return shown["showing"]["token"], global_id(licence)


async def test_a_verifier_sees_the_essentials_and_the_chosen_fields_once(
    app: Starlette, licences: LicenceService, client: httpx.AsyncClient
) -> None:
    licence, owner = await issue_social_card(licences)
    body = await execute(
        app, owner, SHOW, {"id": global_id(licence), "fields": ["name"], "purpose": "入住登记"}
    )
    showing_ = body.data["showLicence"]["showing"]
    assert showing_["url"] == f"{app.state.services.settings.public_base_url}/verify/{showing_['token']}"
    assert showing_["qrSvg"].startswith("<svg")
    expires = datetime.fromisoformat(showing_["expiresAt"])
    assert timedelta(seconds=100) < expires - datetime.now(UTC) <= timedelta(seconds=120)

    page = await client.get(f"/verify/{showing_['token']}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    html = page.text
    assert 'data-verdict="passed"' in html
    for check in ("signature", "validity", "revocation"):
        assert f'<li id="check-{check}" class="pass">' in html
    assert "<h1>社会保障卡</h1>" in html
    assert "德阳市罗江区人力资源和社会保障局" in html
    assert licence.identifier in html
    assert "<dd>王**</dd>" in html  # the holder's name, masked, among the essentials
    assert "<dt>姓名</dt><dd>王小罗</dd>" in html  # the one field the holder chose, in full
    view = licences.view(licence)
    number = view.holder_number(full=True)
    for hidden in (number, number[-4:] + "</dd>", "M5106", "中国银行", "2024-01-02"):
        assert hidden not in html, hidden
    assert "入住登记" in html

    again = await client.get(f"/verify/{showing_['token']}")
    assert again.status_code == 410
    assert 'data-verdict="used"' in again.text
    assert "已使用" in again.text
    assert "社会保障卡" not in again.text
    assert licence.identifier not in again.text

    log = await execute(app, owner, USES, {"id": global_id(licence)})
    assert log.data["node"]["uses"]["nodes"] == [
        {"kind": "VERIFIER_SCAN", "reader": "verifier", "purpose": "入住登记", "fieldsSeen": ["name"]}
    ]


async def test_bad_tokens_get_a_clear_page_and_no_data(
    app: Starlette, licences: LicenceService, client: httpx.AsyncClient
) -> None:
    token, _ = await _show(app, licences)
    flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    past = build_licences(
        app.state.services.settings,
        app.state.services.identity.personal,
        clock=lambda: datetime.now(UTC) - timedelta(hours=1),
    ).service
    licence, owner = await issue_social_card(licences)
    expired = (await past.show(owner, licence.id, "", [])).token
    cases = {
        secrets.token_urlsafe(36): (404, "forged"),  # guessed: the right shape, no valid tag
        flipped: (404, "forged"),  # tampered
        token[:-2]: (404, "forged"),  # truncated
        token + "AAAA": (404, "forged"),
        "not-a-token": (404, "forged"),
        "…" * 48: (404, "forged"),
        expired: (410, "expired"),
    }
    for bad, (status, verdict) in cases.items():
        page = await client.get(f"/verify/{bad}")
        assert (page.status_code, f'data-verdict="{verdict}"' in page.text) == (status, True), bad
        assert "社会保障卡" not in page.text
        assert "王" not in page.text
    # none of them spent the real token
    assert (await client.get(f"/verify/{token}")).status_code == 200


async def test_only_the_holder_at_level_l2_shows_and_only_its_fields(
    app: Starlette, licences: LicenceService
) -> None:
    licence, owner = await issue_social_card(licences)
    _, stranger = await issue_social_card(licences)
    before = await ShowToken.all().count()
    cases = [
        (stranger, {}, "NOT_FOUND"),
        (None, {}, "NOT_FOUND"),
        (holder(owner.person_id, assurance=Assurance.L1), {}, "ASSURANCE_TOO_LOW"),
        (owner, {"fields": ["name", "salary"]}, "INVALID_FIELDS"),
        (owner, {"purpose": "长" * 65}, "INVALID_PURPOSE"),
        (owner, {"fields": [f"k{i}" * 50 for i in range(500)]}, "INVALID_FIELDS"),
    ]
    for viewer, variables, code in cases:
        body = await execute(app, viewer, SHOW, {"id": global_id(licence), **variables})
        assert body.data["showLicence"]["showing"] is None
        assert [e["code"] for e in body.data["showLicence"]["errors"]] == [code]
    assert await ShowToken.all().count() == before


async def test_tokens_are_stored_hashed_and_carry_128_random_bits(
    app: Starlette, licences: LicenceService
) -> None:
    token, _ = await _show(app, licences)
    other, _ = await _show(app, licences)
    assert len(token) == 48
    assert token != other
    nonce = showing.base64.urlsafe_b64decode(token)[: showing.RANDOM_BYTES]
    assert len(nonce) * 8 >= 128
    row = await ShowToken.get(token_hash=hashlib.sha256(nonce).hexdigest())
    assert token not in (row.token_hash, row.purpose)


async def test_two_scans_at_once_show_the_licence_once(
    app: Starlette, licences: LicenceService, client: httpx.AsyncClient
) -> None:
    token, _ = await _show(app, licences)
    pages = await asyncio.gather(*(client.get(f"/verify/{token}") for _ in range(4)))
    assert sorted(p.status_code for p in pages) == [200, 410, 410, 410]


async def test_two_instances_spending_one_token_at_once_spend_it_once(
    app: Starlette, licences: LicenceService
) -> None:
    token, _ = await _show(app, licences)
    parsed = showing.parse(licences.hasher, token, licences.clock())
    assert isinstance(parsed, showing.Parsed)
    one, other = TokenSpender(licences.clock), TokenSpender(licences.clock)
    outcomes = await asyncio.gather(
        one.spend(parsed.token_hash), other.spend(parsed.token_hash), one.spend(parsed.token_hash)
    )
    assert sum(isinstance(o, Spent) for o in outcomes) == 1
    assert sorted(o for o in outcomes if isinstance(o, showing.Refusal)) == [showing.Refusal.USED] * 2
    uses = await LicenceUse.filter(show_token__token_hash=parsed.token_hash).count()
    assert uses == 1


async def test_two_instances_spending_overlapping_batches_spend_each_token_once(
    app: Starlette, licences: LicenceService
) -> None:
    hashes = []
    for _ in range(4):
        token, _ = await _show(app, licences)
        parsed = showing.parse(licences.hasher, token, licences.clock())
        assert isinstance(parsed, showing.Parsed)
        hashes.append(parsed.token_hash)
    now = licences.clock()
    one, other = await asyncio.gather(
        repository.spend_show_tokens(hashes, now, "核验"),
        repository.spend_show_tokens(list(reversed(hashes)), now, "核验"),
    )
    assert one.keys().isdisjoint(other.keys())
    assert one.keys() | other.keys() == set(hashes)


async def test_revoked_and_expired_licences_verify_as_such(
    app: Starlette, licences: LicenceService, client: httpx.AsyncClient
) -> None:
    licence, owner = await issue_social_card(licences)
    revoked = await execute(app, await staff_of("LJ-RSJ"), REVOKE, {"id": global_id(licence)})
    assert revoked.data["revokeLicence"] == {"licence": {"status": "REVOKED"}, "errors": []}
    again = await execute(app, await staff_of("LJ-RSJ"), REVOKE, {"id": global_id(licence)})
    assert [e["code"] for e in again.data["revokeLicence"]["errors"]] == ["ALREADY_REVOKED"]
    token = (await licences.show(owner, licence.id, "", [])).token
    page = (await client.get(f"/verify/{token}")).text
    assert 'data-verdict="failed"' in page
    assert "核验未通过" in page
    assert '<li id="check-revocation" class="fail">已被签发部门吊销</li>' in page
    assert '<li id="check-signature" class="pass">' in page

    old, owner = await issue_social_card(licences, valid_from=date(2010, 1, 1), valid_until=date(2015, 1, 1))
    token = (await licences.show(owner, old.id, "", [])).token
    page = (await client.get(f"/verify/{token}")).text
    assert '<li id="check-validity" class="fail">已过有效期</li>' in page
    assert 'data-verdict="failed"' in page


async def test_only_its_department_revokes(app: Starlette, licences: LicenceService) -> None:
    licence, owner = await issue_social_card(licences)
    for who in (await staff_of("LJ-GAFJ"), owner, None):
        body = await execute(app, who, REVOKE, {"id": global_id(licence)})
        assert [e["code"] for e in body.data["revokeLicence"]["errors"]] == ["NOT_FOUND"]
    assert (await licences.check(licence)).revoked is False


async def test_a_revocation_after_a_scan_shows_at_the_next_scan(
    app: Starlette, licences: LicenceService, client: httpx.AsyncClient
) -> None:
    licence, owner = await issue_social_card(licences)
    first = (await licences.show(owner, licence.id, "", [])).token
    assert 'data-verdict="passed"' in (await client.get(f"/verify/{first}")).text
    await licences.revoke(await staff_of("LJ-RSJ"), licence.id, "证件作废")
    second = (await licences.show(owner, licence.id, "", [])).token
    page = (await client.get(f"/verify/{second}")).text
    assert '<li id="check-revocation" class="fail">已被签发部门吊销</li>' in page
