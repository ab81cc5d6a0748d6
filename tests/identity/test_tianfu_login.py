"""Tianfu Tongban single sign-on against the simulator: verified real names reach L2, tickets work
once, forged answers are refused, and verified data never merges two people."""

from __future__ import annotations

import base64
import itertools

from stdnum.cn import ric, uscc

from luojiang.core.identity.models import ChannelIdentity, Enterprise, GrantAudit, Person
from tests.identity.platforms import Channels

LOGIN = """mutation($t: String!) { loginWithTianfu(ticket: $t) {
  accessToken errors { code }
  me { id name idNumber fullId: idNumber(full: true) phone assuranceLevel assuranceSource } } }"""

_serials = itertools.count(100)


def new_id_number() -> str:
    body = f"51062619850101{next(_serials):03d}"
    return body + ric.calc_check_digit(body + "0")


def citizen(user_id: str, id_number: str, phone: str, level: int = 2) -> dict[str, object]:
    return {
        "user_id": user_id,
        "user_type": "1",
        "auth_level": level,
        "name": "张三丰",
        "id_number": id_number,
        "mobile": phone,
    }


async def _counts() -> tuple[int, int]:
    return await Person.all().count(), await ChannelIdentity.all().count()


async def _login(channels: Channels, ticket: str) -> dict:  # type: ignore[type-arg]
    payload: dict = (await channels.api(LOGIN, {"t": ticket}))["data"]["loginWithTianfu"]  # type: ignore[type-arg]
    return payload


async def test_a_verified_citizen_reaches_l2_with_masked_details(channels: Channels, new_phone: str) -> None:
    id_number = new_id_number()
    payload = await _login(channels, channels.tianfu.issue_ticket(citizen("tftb-1001", id_number, new_phone)))
    assert payload["errors"] == []
    me = payload["me"]
    assert (me["name"], me["idNumber"], me["fullId"]) == (
        "张**",
        f"5106**********{id_number[-4:]}",
        id_number,
    )
    assert (me["assuranceLevel"], me["assuranceSource"]) == ("L2", "tianfu")
    row = await Person.get(id=int(base64.b64decode(me["id"]).decode().split(":")[1]))
    assert id_number not in f"{row.id_number_enc}{row.name_enc}{row.phone_enc}{row.id_number_hash}"


async def test_level_one_without_identity_documents_stays_l1(channels: Channels, new_phone: str) -> None:
    user = {"user_id": "tftb-1002", "user_type": "1", "auth_level": 2, "mobile": new_phone}
    payload = await _login(channels, channels.tianfu.issue_ticket(user))
    assert payload["me"]["assuranceLevel"] == "L1"
    assert payload["me"]["idNumber"] is None


async def test_used_expired_and_forged_tickets_are_refused(channels: Channels, new_phone: str) -> None:
    sim = channels.tianfu
    used = sim.issue_ticket(citizen("tftb-1003", new_id_number(), new_phone))
    await _login(channels, used)
    before = await _counts()
    assert (await _login(channels, used))["errors"] == [{"code": "INVALID_CODE"}]
    expired = sim.issue_ticket(citizen("tftb-1004", new_id_number(), "137" + new_phone[3:]))
    user, issued = sim.tickets[expired]
    sim.tickets[expired] = (user, issued - 301_000)  # handed out more than five minutes ago
    assert (await _login(channels, expired))["errors"] == [{"code": "CODE_EXPIRED"}]
    sim.answer_secret = "a-forger-does-not-know-the-secret"
    try:
        forged = sim.issue_ticket(citizen("tftb-1005", new_id_number(), "136" + new_phone[3:]))
        assert (await _login(channels, forged))["errors"] == [{"code": "SIGNATURE_INVALID"}]
    finally:
        sim.answer_secret = None
    assert await _counts() == before


async def test_verified_phone_and_id_of_two_different_people_is_a_conflict(
    channels: Channels, new_phone: str
) -> None:
    id_number = new_id_number()
    await _login(channels, channels.tianfu.issue_ticket(citizen("tftb-1006", id_number, new_phone)))
    someone_else = "135" + new_phone[3:]
    await channels.api.login(someone_else)  # a different person already holds this verified phone
    before = await _counts()
    clash = await _login(
        channels, channels.tianfu.issue_ticket(citizen("tftb-1007", id_number, someone_else))
    )
    assert clash == {"accessToken": None, "errors": [{"code": "IDENTITY_CONFLICT"}], "me": None}
    assert await _counts() == before


async def test_a_different_id_number_for_a_linked_login_is_a_conflict(
    channels: Channels, new_phone: str
) -> None:
    await _login(channels, channels.tianfu.issue_ticket(citizen("tftb-1008", new_id_number(), new_phone)))
    before = await _counts()
    changed = await _login(
        channels, channels.tianfu.issue_ticket(citizen("tftb-1008", new_id_number(), new_phone))
    )
    assert changed["errors"] == [{"code": "IDENTITY_CONFLICT"}]
    assert await _counts() == before


LEGAL_LOGIN = """mutation($t: String!) { loginWithTianfu(ticket: $t) {
  accessToken errors { code } me { assuranceLevel } } }"""
MY_ENTERPRISES = "{ me { enterprises { creditCode name } } }"
_codes = itertools.count(500)


def new_credit_code() -> str:
    base = f"91510626MA6T{next(_codes):05d}"
    return base + uscc.calc_check_digit(base)


def legal_person(user_id: str, id_number: str | None, phone: str, code: str) -> dict[str, object]:
    """A legal-person ticket (user_type 2): the person who logged in and the enterprise's code."""
    user = citizen(user_id, id_number or "", phone) | {"user_type": "2", "credit_code": code}
    return user | {"corp_name": "罗江天府测试有限公司"}


async def _legal_login(channels: Channels, user: dict[str, object]) -> dict:  # type: ignore[type-arg]
    """The login's errors, and the level and enterprises its access token carries."""
    body = await channels.api(LEGAL_LOGIN, {"t": channels.tianfu.issue_ticket(user)})
    payload: dict = body["data"]["loginWithTianfu"]  # type: ignore[type-arg]
    if payload["accessToken"]:
        mine = await channels.api(MY_ENTERPRISES, token=payload["accessToken"])
        payload["me"]["enterprises"] = mine["data"]["me"]["enterprises"]
    return payload


async def test_a_legal_person_ticket_logs_in_as_the_enterprises_representative(
    channels: Channels, new_phone: str
) -> None:
    code = new_credit_code()
    user = legal_person("tftb-2001", new_id_number(), new_phone, code)
    first = await _legal_login(channels, user)
    assert first["errors"] == []
    assert first["me"]["enterprises"] == [{"creditCode": code, "name": "罗江天府测试有限公司"}]
    enterprise = await Enterprise.get(credit_code=code)
    assert enterprise.verified_source == "tianfu"
    trail = await GrantAudit.filter(target__startswith=f"enterprise:{enterprise.id} ").values_list(
        "actor", "action"
    )
    assert trail == [("tianfu", "enterprise.represent")]
    again = await _legal_login(channels, user)  # the next login finds the same enterprise
    assert again["me"]["enterprises"] == first["me"]["enterprises"]
    assert await Enterprise.filter(credit_code=code).count() == 1
    assert await GrantAudit.filter(target__startswith=f"enterprise:{enterprise.id} ").count() == 1


async def test_a_legal_person_ticket_does_not_take_over_another_representatives_enterprise(
    channels: Channels, new_phone: str
) -> None:
    code = new_credit_code()
    await _legal_login(channels, legal_person("tftb-2002", new_id_number(), new_phone, code))
    representative = (await Enterprise.get(credit_code=code)).legal_representative_id
    other = await _legal_login(
        channels, legal_person("tftb-2003", new_id_number(), "135" + new_phone[3:], code)
    )
    assert (other["errors"], other["me"]["enterprises"]) == ([], [])
    assert (await Enterprise.get(credit_code=code)).legal_representative_id == representative


async def test_an_unverified_or_badly_coded_legal_person_ticket_gives_no_enterprise(
    channels: Channels, new_phone: str
) -> None:
    code = new_credit_code()
    unverified = await _legal_login(channels, legal_person("tftb-2004", None, new_phone, code))
    assert (unverified["me"]["assuranceLevel"], unverified["me"]["enterprises"]) == ("L1", [])
    assert not await Enterprise.filter(credit_code=code).exists()
    before = await _counts()
    bad = legal_person("tftb-2005", new_id_number(), "135" + new_phone[3:], code[:-1] + "0")
    assert (await _legal_login(channels, bad))["errors"] == [{"code": "INVALID_CREDIT_CODE"}]
    assert await _counts() == before
