"""Tianfu Tongban single sign-on against the simulator: verified real names reach L2, tickets work
once, forged answers are refused, and verified data never merges two people."""

from __future__ import annotations

import base64
import itertools

from stdnum.cn import ric

from luojiang.core.identity.models import ChannelIdentity, Person
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
