"""The payments GraphQL surface: create, pay on the calling mini-program's platform, follow the
order's events, refund; and who sees which orders (fake viewers until identity is on main)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.fakes import wechatpay as wechat_fake
from tests.payments.platforms import Platforms, logged_in

from luojiang.api.context import Channel, Context
from luojiang.api.schema import build_schema
from luojiang.core.catalogue.models import Department
from luojiang.core.identity.models import ChannelIdentity, Person
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.payments.access import Actor
from luojiang.core.payments.models import PayChannel
from luojiang.core.settings import Settings

CREATE = """mutation($key: String!) {
  createOrder(input: {kind: MATTER_FEE, itemCode: "LJ-GAFJ-004", clientKey: $key}) {
  order { id amountFen state lines { name quantity amountFen } } errors { code field message } } }"""
START = """mutation($id: ID!) { startPayment(orderId: $id) {
  attempt { channel state amountFen outTradeNo } wechatPay { timeStamp nonceStr package signType paySign }
  alipayTradeNo errors { code message } } }"""
ORDER = """query($id: ID!) { node(id: $id) { ... on Order { state amountFen refundedFen
  attempts { channel state } events { kind fromState toState actor } } } }"""
ORDERS = "query { orders(first: 100) { nodes { id } } }"
REFUND = """mutation($id: ID!, $key: String!, $fen: Int!) { refund(input: {orderId: $id, amountFen: $fen,
  clientKey: $key, reason: "多收"}) { refund { outRefundNo amountFen state } errors { code } } }"""


class Caller:
    def __init__(self, platforms: Platforms, settings: Settings) -> None:
        self.platforms = platforms
        self.schema = build_schema(settings)

    async def __call__(
        self,
        query: str,
        viewer: Actor | Principal | None,
        channel: Channel = Channel.WECHAT_MINIPROGRAM,
        **variables: Any,
    ) -> dict[str, Any]:
        principal = await logged_in(viewer, channel)
        context = Context(self.platforms.services, "test", channel, "zh-CN", "-", viewer=principal)
        result = await self.schema.execute(query, variable_values=variables, context_value=context)
        if result.errors:
            return {"errors": [{"message": e.message, **(e.extensions or {})} for e in result.errors]}
        assert result.data is not None
        return result.data


@pytest.fixture
def call(platforms: Platforms, settings: Settings) -> Caller:
    return Caller(platforms, settings)


def payer(citizen: Actor, prefix: str = "oUpF8u") -> Actor:
    """The citizen, logged in inside a mini-program under an open id of their own."""
    return Actor(person_id=citizen.person_id, openid=f"{prefix}{citizen.person_id}")


async def test_create_pay_with_wechat_and_follow_the_events(
    call: Caller, platforms: Platforms, citizen: Actor
) -> None:
    me = payer(citizen)
    created = (await call(CREATE, me, key="g1"))["createOrder"]
    assert created["errors"] == []
    assert created["order"]["amountFen"] == 2000
    assert created["order"]["state"] == "CREATED"
    order_id = created["order"]["id"]
    started = (await call(START, me, id=order_id))["startPayment"]
    assert started["errors"] == []
    assert started["attempt"]["channel"] == "WECHATPAY"
    assert started["wechatPay"]["signType"] == "RSA"
    assert started["alipayTradeNo"] is None
    trade = platforms.wechat.pay(started["attempt"]["outTradeNo"])
    headers, body = platforms.wechat.notification(trade)
    async with platforms.client() as http:
        assert (await http.post("/notify/wechatpay", content=body, headers=headers)).status_code == 204
    order = (await call(ORDER, me, id=order_id))["node"]
    assert order["state"] == "PAID"
    assert order["attempts"] == [{"channel": "WECHATPAY", "state": "SUCCEEDED"}]
    assert [(e["kind"], e["fromState"], e["toState"]) for e in order["events"]] == [
        ("payment_started", "created", "paying"),
        ("paid", "paying", "paid"),
    ]


async def test_the_alipay_mini_program_pays_with_alipay(call: Caller, citizen: Actor) -> None:
    me = payer(citizen, prefix="074a1CcTG1")
    order_id = (await call(CREATE, me, key="g2"))["createOrder"]["order"]["id"]
    started = (await call(START, me, Channel.ALIPAY_MINIPROGRAM, id=order_id))["startPayment"]
    assert started["attempt"]["channel"] == "ALIPAY"
    assert started["alipayTradeNo"].startswith("2026")
    assert started["wechatPay"] is None


async def test_paying_outside_a_mini_program_is_refused(call: Caller, citizen: Actor) -> None:
    me = payer(citizen)
    order_id = (await call(CREATE, me, key="g3"))["createOrder"]["order"]["id"]
    refused = (await call(START, me, Channel.WEB, id=order_id))["startPayment"]
    assert (refused["attempt"], refused["errors"][0]["code"]) == (None, "CHANNEL_UNAVAILABLE")
    assert (await call(ORDER, me, id=order_id))["node"]["attempts"] == []


async def test_who_sees_and_who_refunds(call: Caller, platforms: Platforms, citizen: Actor) -> None:
    me = payer(citizen)
    created = (await call(CREATE, me, key="g4"))["createOrder"]["order"]
    started = (await call(START, me, id=created["id"]))["startPayment"]
    trade = platforms.wechat.pay(started["attempt"]["outTradeNo"])
    await platforms.services.payment_notifications.receive(
        PayChannel.WECHATPAY, *platforms.wechat.notification(trade)
    )
    department = await Department.get(code="LJ-GAFJ")
    other = await Department.exclude(code="LJ-GAFJ").first()
    assert other is not None
    staff = Actor(person_id=8_000_001, staff_department_ids=frozenset({department.id}))
    outsider_staff = Actor(person_id=8_000_002, staff_department_ids=frozenset({other.id}))
    stranger = Actor(person_id=(citizen.person_id or 0) + 900_000)
    for viewer, sees in [
        (me, True),
        (staff, True),
        (outsider_staff, False),
        (stranger, False),
        (None, False),
    ]:
        listed = [n["id"] for n in (await call(ORDERS, viewer))["orders"]["nodes"]]
        assert (created["id"] in listed) is sees
        assert ((await call(ORDER, viewer, id=created["id"]))["node"] is not None) is sees
    for refuser in (me, outsider_staff):
        refused = (await call(REFUND, refuser, id=created["id"], key="r", fen=500))["refund"]
        assert refused["errors"] == [{"code": "NOT_FOUND"}]
    first = (await call(REFUND, staff, id=created["id"], key="r", fen=500))["refund"]
    again = (await call(REFUND, staff, id=created["id"], key="r", fen=500))["refund"]
    assert first["refund"]["outRefundNo"] == again["refund"]["outRefundNo"]
    assert (first["refund"]["amountFen"], first["refund"]["state"]) == (500, "SUCCEEDED")
    order = (await call(ORDER, me, id=created["id"]))["node"]
    assert (order["state"], order["refundedFen"]) == ("PARTIALLY_REFUNDED", 500)
    assert len(platforms.wechat.refunds) == 1


async def test_only_administrators_see_reconciliation(call: Caller, citizen: Actor) -> None:
    query = "query { paymentMismatches(first: 10) { nodes { kind outTradeNo } } }"
    refused = await call(query, payer(citizen))
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    allowed = await call(query, Actor(person_id=8_000_003, is_admin=True))
    assert isinstance(allowed["paymentMismatches"]["nodes"], list)


async def test_the_http_endpoint_serves_the_payment_schema(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": ORDERS}, headers={"accept": "application/json"})
    assert response.json()["data"] == {"orders": {"nodes": []}}


async def test_a_logged_in_person_pays_with_the_open_id_of_their_mini_program_login(
    call: Caller, platforms: Platforms, settings: Settings
) -> None:
    person = await Person.create()
    await ChannelIdentity.create(
        person=person, channel="wechat", app_id=wechat_fake.APPID, subject="oLOGIN123"
    )
    viewer = Principal(
        person_id=person.id, session_id="s", assurance=Assurance(1), channel="wechat-miniprogram"
    )
    order_id = (await call(CREATE, viewer, key="p1"))["createOrder"]["order"]["id"]
    started = (await call(START, viewer, id=order_id))["startPayment"]
    assert started["errors"] == []
    assert platforms.wechat.trades[started["attempt"]["outTradeNo"]]["payer"] == {"openid": "oLOGIN123"}
    # no Alipay login: nothing to pay with there, and nothing is started
    refused = (await call(START, viewer, Channel.ALIPAY_MINIPROGRAM, id=order_id))["startPayment"]
    assert refused["errors"][0]["code"] == "CHANNEL_UNAVAILABLE"
    assert len((await call(ORDER, viewer, id=order_id))["node"]["attempts"]) == 1


PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  orders(first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


async def test_a_payer_browses_their_orders_newest_first(call: Caller, citizen: Actor) -> None:
    me = payer(citizen)
    made = [(await call(CREATE, me, key=f"page-{n}"))["createOrder"]["order"]["id"] for n in range(5)]
    newest = (await call(PAGE, me, last=2))["orders"]
    assert [e["node"]["id"] for e in newest["edges"]] == made[3:]
    assert newest["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": newest["edges"][0]["cursor"],
        "endCursor": newest["edges"][1]["cursor"],
    }
    older = (await call(PAGE, me, last=2, before=newest["pageInfo"]["startCursor"]))["orders"]
    assert [e["node"]["id"] for e in older["edges"]] == made[1:3]
    oldest = (await call(PAGE, me, last=2, before=older["pageInfo"]["startCursor"]))["orders"]
    assert [e["node"]["id"] for e in oldest["edges"]] == made[:1]
    assert oldest["pageInfo"]["hasPreviousPage"] is False
    forwards = (await call(PAGE, me, first=2, after=oldest["pageInfo"]["endCursor"]))["orders"]
    assert [e["node"]["id"] for e in forwards["edges"]] == made[1:3]
    assert forwards["pageInfo"]["hasNextPage"] is True
    stranger = Actor(person_id=(citizen.person_id or 0) + 900_000)
    assert (await call(PAGE, stranger, last=100))["orders"]["edges"] == []


@pytest.mark.parametrize(
    ("arguments", "code", "field"),
    [
        ({}, "INVALID_PAGE_SIZE", "first"),
        ({"first": 1, "last": 1}, "INVALID_PAGE_SIZE", "first"),
        ({"last": 0}, "INVALID_PAGE_SIZE", "last"),
        ({"last": 101}, "INVALID_PAGE_SIZE", "last"),
        ({"last": 1, "before": "bm90LWEtY3Vyc29y"}, "INVALID_CURSOR", "before"),
    ],
)
async def test_a_page_asked_for_wrongly_is_a_coded_error(
    call: Caller, citizen: Actor, arguments: dict[str, Any], code: str, field: str
) -> None:
    body = await call(PAGE, payer(citizen), **arguments)
    assert [(e["code"], e.get("field")) for e in body["errors"]] == [(code, field)]
