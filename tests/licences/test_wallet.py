"""The wallet: a holder lists and opens their licences and their enterprises'; personal values are
masked unless asked for; another person's licence reads as null everywhere (node, wallet, log),
over HTTP and over the WebSocket; the list takes a fixed number of SQL statements."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import UTC, datetime
from typing import Any

import httpx
from starlette.applications import Starlette
from websockets.asyncio.client import connect

from luojiang.core.identity.models import AgentAuthorisation, Person
from luojiang.core.licences.issuance import Holder, IssueRequest
from luojiang.core.licences.models import HolderKind
from luojiang.core.licences.service import LicenceService
from tests.licences.support import (
    SOCIAL_CARD,
    execute,
    global_id,
    holder,
    issue_business_licence,
    issue_social_card,
    resident_id,
    staff_of,
)
from tests.support.node import served
from tests.support.queries import count_queries
from tests.support.waiting import GUARD

WALLET = """query($n: Int!) { myLicences(first: $n) { nodes {
  id identifier licenceType typeName issuerName holderKind holderName holderNumber validUntil status
  fields { key value } consents { caseNumber }
} } }"""
OPEN = """query($id: ID!) { node(id: $id) { ... on Licence {
  identifier holderName(full: true) holderNumber(full: true) fields(full: true) { key value }
  uses(first: 5) { nodes { kind } } } } }"""
SMS = "mutation($p: String!) { requestSmsCode(phone: $p) { ok } }"
LOGIN = "mutation($p: String!, $c: String!) { loginWithSms(phone: $p, code: $c) { accessToken me { id } } }"


async def test_the_holder_lists_masked_and_opens_in_full(app: Starlette, licences: LicenceService) -> None:
    licence, owner = await issue_social_card(licences)
    number = licences.view(licence).holder_number(full=True)
    listed = (await execute(app, owner, WALLET, {"n": 10})).data["myLicences"]["nodes"]
    assert [item["identifier"] for item in listed] == [licence.identifier]
    item = listed[0]
    assert (item["holderName"], item["holderNumber"]) == ("王**", number[:4] + "*" * 10 + number[-4:])
    values = {f["key"]: f["value"] for f in item["fields"]}
    assert values == {
        "name": "王**",
        "id_number": number[:4] + "*" * 10 + number[-4:],
        "card_no": "*****",
        "bank": "中***",
        "issue_date": "2*********",
    }
    opened = (await execute(app, owner, OPEN, {"id": item["id"]})).data["node"]
    assert (opened["holderName"], opened["holderNumber"]) == ("王小罗", number)
    assert {f["key"]: f["value"] for f in opened["fields"]}["bank"] == "中国银行"


async def test_agents_see_their_enterprise_licences_only_while_they_may_act_for_it(
    app: Starlette, licences: LicenceService
) -> None:
    licence, enterprise = await issue_business_licence(licences)
    agent = await Person.create()
    representative = await Person.create()
    grant = await AgentAuthorisation.create(
        enterprise_id=enterprise.id, agent_id=agent.id, granted_by_id=representative.id
    )
    acting = holder(agent.id, enterprise.id)
    listed = (await execute(app, acting, WALLET, {"n": 10})).data["myLicences"]["nodes"]
    assert [(i["identifier"], i["holderKind"]) for i in listed] == [(licence.identifier, "ENTERPRISE")]
    assert (await execute(app, acting, OPEN, {"id": global_id(licence)})).data["node"] is not None
    # the agent's token after the authorisation ends no longer carries the enterprise
    await AgentAuthorisation.filter(id=grant.id).update(revoked_at=datetime.now(UTC))
    after = holder(agent.id)
    assert (await execute(app, after, WALLET, {"n": 10})).data["myLicences"]["nodes"] == []
    assert (await execute(app, after, OPEN, {"id": global_id(licence)})).data["node"] is None


async def test_another_persons_licence_reads_as_null(app: Starlette, licences: LicenceService) -> None:
    licence, _ = await issue_social_card(licences)
    _, stranger = await issue_social_card(licences)
    for viewer in (stranger, None, await staff_of("LJ-GAFJ")):
        assert (await execute(app, viewer, OPEN, {"id": global_id(licence)})).data["node"] is None
        listed = (await execute(app, viewer, WALLET, {"n": 100})).data["myLicences"]["nodes"]
        assert licence.identifier not in [i["identifier"] for i in listed]


async def test_the_wallet_takes_the_same_statements_for_1_or_12_licences(
    app: Starlette, licences: LicenceService
) -> None:
    first, owner = await issue_social_card(licences)
    counts = []
    for size in (1, 12):
        while len((await execute(app, owner, WALLET, {"n": 100})).data["myLicences"]["nodes"]) < size:
            await _another_for(licences, first.holder_person_id or 0)
        with count_queries() as sql:
            body = await execute(app, owner, WALLET, {"n": 100})
        assert body.errors is None
        assert len(body.data["myLicences"]["nodes"]) == size
        counts.append(len(sql))
    # the page, and the consents of every licence on it in one batch
    assert counts == [2, 2]


async def _another_for(licences: LicenceService, person_id: int) -> None:
    person = await Person.get(id=person_id)
    personal = licences.issuer.personal
    name, number = personal.name(person, full=True) or "", personal.id_number(person, full=True) or ""
    request = IssueRequest(
        "LIC-SBK", Holder(HolderKind.PERSON, name, number), {**SOCIAL_CARD, "id_number": number}
    )
    await licences.issue(await staff_of("LJ-RSJ"), request)


async def test_over_the_websocket_only_the_owner_reads_the_licence(
    app: Starlette, licences: LicenceService, client: httpx.AsyncClient
) -> None:
    owner_token, owner_id = await _login(app, client)
    stranger_token, _ = await _login(app, client)
    number = resident_id()
    person = await Person.get(id=owner_id)
    licences.issuer.personal.set_id_number(person, number)
    await person.save()
    request = IssueRequest("LIC-SBK", Holder(HolderKind.PERSON, "王小罗", number), {"id_number": number})
    licence = await licences.issue(await staff_of("LJ-RSJ"), request)
    assert licence.holder_person_id == owner_id
    seen = {}
    async with served(app) as address:
        for who, token in (("owner", owner_token), ("stranger", stranger_token), ("anonymous", None)):
            seen[who] = await _node_over_websocket(address, token, global_id(licence))
    assert seen["owner"] == {"node": {"identifier": licence.identifier}}
    assert seen["stranger"] == seen["anonymous"] == {"node": None}


async def _login(app: Starlette, client: httpx.AsyncClient) -> tuple[str, int]:
    phone = f"136{random.randrange(10**8):08d}"
    await client.post("/graphql", json={"query": SMS, "variables": {"p": phone}})
    code = app.state.services.identity.logins.codes.sender.outbox[phone]
    body = (await client.post("/graphql", json={"query": LOGIN, "variables": {"p": phone, "c": code}})).json()
    login = body["data"]["loginWithSms"]
    from strawberry import relay

    return login["accessToken"], int(relay.from_base64(login["me"]["id"])[1])


async def _node_over_websocket(address: str, token: str | None, licence_id: str) -> Any:
    init: dict[str, Any] = {"authorization": f"Bearer {token}"} if token else {}
    query = "query($id: ID!) { node(id: $id) { ... on Licence { identifier } } }"
    async with connect(f"ws://{address}/graphql", subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": init}))
        assert json.loads(await asyncio.wait_for(socket.recv(), GUARD)) == {"type": "connection_ack"}
        message = {
            "type": "subscribe",
            "id": "1",
            "payload": {"query": query, "variables": {"id": licence_id}},
        }
        await socket.send(json.dumps(message))
        reply = json.loads(await asyncio.wait_for(socket.recv(), GUARD))
        assert reply["type"] == "next", reply
        return reply["payload"]["data"]
