"""A payer asks for their paid order's money back; staff of the order's department approve (the
refund path refunds it, once) or decline with a note. Nobody else asks or decides."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest
from strawberry import relay
from tests.payments.platforms import Platforms, logged_in

from luojiang.api.context import Channel, Context
from luojiang.api.schema import build_schema
from luojiang.core.payments.access import Actor
from luojiang.core.payments.models import (
    ApplicationState,
    Order,
    OrderKind,
    OrderState,
    PayChannel,
    RefundApplication,
)
from luojiang.core.settings import Settings

REQUEST = """mutation($id: ID!, $reason: String!) { requestRefund(orderId: $id, reason: $reason) {
  application { id orderId reason state decisionNote } errors { code field } } }"""
DECIDE = """mutation($a: ID!, $approve: Boolean!, $note: String!) {
  decideRefund(application: $a, approve: $approve, note: $note) {
  application { id state decisionNote } errors { code field } } }"""
PENDING = "query { pendingRefundApplications(first: 100) { nodes { id reason } } }"
ORDER = """query($id: ID!) { node(id: $id) { ... on Order { state refundedFen
  refundApplications { state reason } } } }"""


class Caller:
    def __init__(self, platforms: Platforms, settings: Settings) -> None:
        self.platforms = platforms
        self.schema = build_schema(settings)

    async def __call__(self, query: str, viewer: Actor | None, **variables: Any) -> dict[str, Any]:
        principal = await logged_in(viewer, Channel.APP)
        context = Context(self.platforms.services, "test", Channel.APP, "zh-CN", "-", viewer=principal)
        result = await self.schema.execute(query, variable_values=variables, context_value=context)
        if result.errors:
            return {"errors": [{"message": e.message, **(e.extensions or {})} for e in result.errors]}
        assert result.data is not None
        return result.data


@pytest.fixture
def call(platforms: Platforms, settings: Settings) -> Caller:
    return Caller(platforms, settings)


async def paid_order(platforms: Platforms, payer: Actor, key: str) -> tuple[Order, str]:
    payments = platforms.services.payments
    order = await payments.create_order(payer, OrderKind.MATTER_FEE, "LJ-GAFJ-004", [], key)
    attempt, _ = await payments.start_payment(
        replace(payer, openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"), order.id, PayChannel.WECHATPAY
    )
    headers, body = platforms.wechat.notification(platforms.wechat.pay(attempt.out_trade_no))
    async with platforms.client() as http:
        assert (await http.post("/notify/wechatpay", content=body, headers=headers)).status_code == 204
    await order.refresh_from_db()
    assert order.state is OrderState.PAID
    return order, relay.to_base64("Order", order.id)


def staff_of(order: Order, person_id: int) -> Actor:
    assert order.department_id is not None
    return Actor(person_id=person_id, staff_department_ids=frozenset({order.department_id}))


async def test_a_payer_asks_and_the_departments_approval_refunds_the_order_once(
    call: Caller, platforms: Platforms, citizen: Actor
) -> None:
    order, order_id = await paid_order(platforms, citizen, "ask")
    asked = (await call(REQUEST, citizen, id=order_id, reason="重复缴费"))["requestRefund"]
    assert asked["errors"] == []
    application = asked["application"]
    assert (application["orderId"], application["state"]) == (order_id, "PENDING")
    again = (await call(REQUEST, citizen, id=order_id, reason="再问一次"))["requestRefund"]
    assert again["application"]["id"] == application["id"]  # one open request per order

    clerk = staff_of(order, (citizen.person_id or 0) + 800_000)
    other_department = Actor(person_id=clerk.person_id, staff_department_ids=frozenset({-1}))
    waiting = (await call(PENDING, clerk))["pendingRefundApplications"]["nodes"]
    assert {"id": application["id"], "reason": "重复缴费"} in waiting
    elsewhere = (await call(PENDING, other_department))["pendingRefundApplications"]["nodes"]
    assert application["id"] not in [n["id"] for n in elsewhere]

    for _ in range(2):  # pressed twice: refunded once
        approved = (await call(DECIDE, clerk, a=application["id"], approve=True, note=""))["decideRefund"]
        assert approved["errors"] == []
        assert approved["application"]["state"] == "APPROVED"
    assert len(platforms.wechat.refunds) == 1
    seen = (await call(ORDER, citizen, id=order_id))["node"]
    assert (seen["state"], seen["refundedFen"]) == ("REFUNDED", 2000)
    assert seen["refundApplications"] == [{"state": "APPROVED", "reason": "重复缴费"}]
    refused = (await call(REQUEST, citizen, id=order_id, reason="还要退"))["requestRefund"]
    assert refused["errors"] == [{"code": "NOT_REFUNDABLE", "field": "orderId"}]


async def test_only_the_payer_asks_for_a_paid_order_with_a_reason(
    call: Caller, platforms: Platforms, citizen: Actor
) -> None:
    order, order_id = await paid_order(platforms, citizen, "only-mine")
    unpaid = await platforms.services.payments.create_order(
        citizen, OrderKind.MATTER_FEE, "LJ-GAFJ-004", [], "unpaid"
    )
    stranger = Actor(person_id=(citizen.person_id or 0) + 900_000)
    attempts: list[tuple[Actor | None, str, str, dict[str, str]]] = [
        (stranger, order_id, "冒领", {"code": "NOT_FOUND", "field": "orderId"}),
        (None, order_id, "冒领", {"code": "NOT_FOUND", "field": "orderId"}),
        (staff_of(order, 1), order_id, "代领", {"code": "NOT_FOUND", "field": "orderId"}),
        (
            citizen,
            relay.to_base64("Order", unpaid.id),
            "未付",
            {"code": "NOT_REFUNDABLE", "field": "orderId"},
        ),
        (citizen, relay.to_base64("Order", 2**31 - 1), "没有", {"code": "NOT_FOUND", "field": "orderId"}),
        (citizen, order_id, "   ", {"code": "INVALID_INPUT", "field": "reason"}),
        (citizen, order_id, "退" * 81, {"code": "INVALID_INPUT", "field": "reason"}),
        (citizen, order_id, "退" * 10_000, {"code": "INVALID_INPUT", "field": "reason"}),
    ]
    for viewer, target, reason, error in attempts:
        answer = (await call(REQUEST, viewer, id=target, reason=reason))["requestRefund"]
        assert (answer["application"], answer["errors"]) == (None, [error])
    assert not await RefundApplication.filter(order_id__in=[order.id, unpaid.id]).exists()


async def test_only_the_orders_department_decides_and_a_decision_stands(
    call: Caller, platforms: Platforms, citizen: Actor
) -> None:
    order, order_id = await paid_order(platforms, citizen, "decide")
    asked = (await call(REQUEST, citizen, id=order_id, reason="不需要了"))["requestRefund"]["application"]
    clerk = staff_of(order, (citizen.person_id or 0) + 810_000)
    for outsider in (citizen, Actor(person_id=clerk.person_id, staff_department_ids=frozenset({-1})), None):
        refused = (await call(DECIDE, outsider, a=asked["id"], approve=True, note=""))["decideRefund"]
        assert refused["errors"] == [{"code": "NOT_FOUND", "field": "application"}]
    for forged in (order_id, relay.to_base64("RefundApplication", 2**31 - 1)):
        refused = (await call(DECIDE, clerk, a=forged, approve=True, note=""))["decideRefund"]
        assert refused["errors"] == [{"code": "NOT_FOUND", "field": "application"}]
    no_note = (await call(DECIDE, clerk, a=asked["id"], approve=False, note=" "))["decideRefund"]
    assert no_note["errors"] == [{"code": "INVALID_INPUT", "field": "note"}]
    declined = (await call(DECIDE, clerk, a=asked["id"], approve=False, note="已办结，不予退费"))[
        "decideRefund"
    ]
    assert declined["application"] == {
        "id": asked["id"],
        "state": "DECLINED",
        "decisionNote": "已办结，不予退费",
    }
    flipped = (await call(DECIDE, clerk, a=asked["id"], approve=True, note=""))["decideRefund"]
    assert flipped["errors"] == [{"code": "ALREADY_DECIDED", "field": None}]
    await order.refresh_from_db()
    assert (order.state, platforms.wechat.refunds) == (OrderState.PAID, {})
    assert "errors" in await call(PENDING, citizen)  # a payer does not see the staff list


async def test_a_forged_token_asks_nothing(platforms: Platforms, citizen: Actor) -> None:
    order, order_id = await paid_order(platforms, citizen, "forged")
    async with platforms.client() as http:
        for token in ("Bearer forged", "Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.x"):
            body = {"query": REQUEST, "variables": {"id": order_id, "reason": "冒领"}}
            answer = (await http.post("/graphql", json=body, headers={"authorization": token})).json()
            assert answer.get("data") is None or answer["data"]["requestRefund"]["application"] is None
    assert not await RefundApplication.filter(order_id=order.id).exists()


async def test_concurrent_approvals_refund_once(call: Caller, platforms: Platforms, citizen: Actor) -> None:
    order, order_id = await paid_order(platforms, citizen, "race")
    asked = (await call(REQUEST, citizen, id=order_id, reason="重复缴费"))["requestRefund"]["application"]
    clerk = staff_of(order, (citizen.person_id or 0) + 820_000)
    answers = await asyncio.gather(
        *(call(DECIDE, clerk, a=asked["id"], approve=True, note="") for _ in range(5))
    )
    assert {a["decideRefund"]["application"]["state"] for a in answers} == {"APPROVED"}
    assert len(platforms.wechat.refunds) == 1
    await order.refresh_from_db()
    assert (order.state, order.refunded_fen) == (OrderState.REFUNDED, 2000)


async def test_nobody_approves_a_refund_they_asked_for(
    call: Caller, platforms: Platforms, citizen: Actor
) -> None:
    order, order_id = await paid_order(platforms, citizen, "four-eyes")
    asked = (await call(REQUEST, citizen, id=order_id, reason="重复缴费"))["requestRefund"]["application"]
    for requester in (staff_of(order, citizen.person_id or 0), replace(citizen, is_admin=True)):
        for approve, note in ((True, ""), (False, "自己驳回")):
            refused = (await call(DECIDE, requester, a=asked["id"], approve=approve, note=note))[
                "decideRefund"
            ]
            assert refused == {
                "application": None,
                "errors": [{"code": "CONFLICT_OF_INTEREST", "field": "orderId"}],
            }
    await order.refresh_from_db()
    assert (order.state, platforms.wechat.refunds) == (OrderState.PAID, {})
    assert (await RefundApplication.get(order_id=order.id)).state is ApplicationState.PENDING
    clerk = staff_of(order, (citizen.person_id or 0) + 830_000)
    approved = (await call(DECIDE, clerk, a=asked["id"], approve=True, note=""))["decideRefund"]
    assert approved["application"]["state"] == "APPROVED"
