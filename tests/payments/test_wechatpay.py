"""WeChat Pay end to end against the simulator: JSAPI prepay and the pay sheet, notifications
through /notify/wechatpay (signature, serial, window, replay, decryption), query, close,
refund and the bill."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from tests.fakes.wechatpay import APPID, MCHID
from tests.payments.platforms import Platforms

from luojiang.adapters.wechatpay.notify import WeChatPayNotifications
from luojiang.app.payments_wiring import wechatpay_config
from luojiang.core.errors import DomainError
from luojiang.core.payments.access import Actor
from luojiang.core.payments.models import (
    MismatchKind,
    Order,
    OrderKind,
    OrderState,
    PayChannel,
    PaymentAttempt,
    PaymentEvent,
    ReconciliationMismatch,
    Refund,
    RefundState,
)
from luojiang.core.payments.ports import NotificationRejected, RefundRequest, TradeStatus


@pytest.fixture
async def http(platforms: Platforms) -> AsyncIterator[httpx.AsyncClient]:
    async with platforms.client() as client:
        yield client


async def start(
    platforms: Platforms, actor: Actor, key: str = "w"
) -> tuple[Order, PaymentAttempt, dict[str, str]]:
    payments = platforms.services.payments
    order = await payments.create_order(actor, OrderKind.MATTER_FEE, "LJ-GAFJ-004", [], key)
    payer = replace(actor, openid="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")  # as after a mini-program login
    attempt, sheet = await payments.start_payment(payer, order.id, PayChannel.WECHATPAY)
    return order, attempt, sheet


async def test_prepay_returns_a_pay_sheet_signed_with_the_merchant_key(
    platforms: Platforms, citizen: Actor
) -> None:
    _, attempt, sheet = await start(platforms, citizen)
    trade = platforms.wechat.trades[attempt.out_trade_no]
    assert (trade["amount"], trade["payer"]["openid"]) == (
        {"total": 2000, "currency": "CNY"},
        "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
    )
    assert trade["notify_url"] == "https://gateway.test/notify/wechatpay"
    assert sheet["package"].startswith("prepay_id=wx")
    assert sheet["signType"] == "RSA"
    signed = f"{APPID}\n{sheet['timeStamp']}\n{sheet['nonceStr']}\n{sheet['package']}\n".encode()
    platforms.wechat.merchant.private.public_key().verify(
        base64.b64decode(sheet["paySign"]), signed, padding.PKCS1v15(), hashes.SHA256()
    )
    assert platforms.wechat.rejected_signatures == 0


async def test_a_notification_pays_the_order_once(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    order, attempt, _ = await start(platforms, citizen)
    trade = platforms.wechat.pay(attempt.out_trade_no)
    headers, body = platforms.wechat.notification(trade, event_id="EV-once")
    response = await http.post("/notify/wechatpay", content=body, headers=headers)
    assert (response.status_code, response.content) == (204, b"")
    # WeChat retries the same event with a fresh signature: acknowledged, applied once
    headers, body = platforms.wechat.notification(trade, event_id="EV-once")
    assert (await http.post("/notify/wechatpay", content=body, headers=headers)).status_code == 204
    await order.refresh_from_db()
    await attempt.refresh_from_db()
    assert (order.state, attempt.platform_trade_no) == (OrderState.PAID, trade["transaction_id"])
    assert await PaymentEvent.filter(order_id=order.id, kind="paid").count() == 1


def _tampered(body: bytes) -> bytes:
    return body.replace(b'"summary": "', b'"summary": "X', 1)


@pytest.mark.parametrize(
    "damage",
    ["forged", "tampered", "stale", "future", "serial", "replayed", "no-signature", "probe"],
)
async def test_bad_notifications_are_refused_and_change_nothing(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor, damage: str
) -> None:
    order, attempt, _ = await start(platforms, citizen, key=f"bad-{damage}")
    trade = platforms.wechat.pay(attempt.out_trade_no)
    # well past the 300 s window, so a slow machine cannot bring the stamp back inside it
    stamp = {"stale": int(time.time()) - 360, "future": int(time.time()) + 360}.get(damage)
    headers, body = platforms.wechat.notification(trade, timestamp=stamp)
    if damage == "replayed":
        # a captured delivery sent again verbatim; the first is undone in the database so that
        # only the nonce guard (not the event key) can refuse the copy
        first = await http.post("/notify/wechatpay", content=body, headers=headers)
        assert first.status_code == 204
        await Order.filter(id=order.id).update(state=OrderState.PAYING, paid_at=None)
        await PaymentAttempt.filter(id=attempt.id).update(state="pending")
        await PaymentEvent.filter(order_id=order.id, kind="paid").delete()
    elif damage == "forged":
        stranger = platforms.wechat.merchant  # any key but WeChat Pay's
        headers["Wechatpay-Signature"] = stranger.sign(
            f"{headers['Wechatpay-Timestamp']}\n{headers['Wechatpay-Nonce']}\n".encode() + body + b"\n"
        )
    elif damage == "tampered":
        body = _tampered(body)
    elif damage == "serial":
        headers["Wechatpay-Serial"] = "PUB_KEY_ID_SOMEONE_ELSE"
    elif damage == "no-signature":
        del headers["Wechatpay-Signature"]
    elif damage == "probe":
        headers["Wechatpay-Signature"] = "WECHATPAY/SIGNTEST/" + headers["Wechatpay-Signature"]
    response = await http.post("/notify/wechatpay", content=body, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"code": "FAIL", "message": "失败"}
    await order.refresh_from_db()
    await attempt.refresh_from_db()
    assert (order.state, attempt.state) == (OrderState.PAYING, "pending")
    assert await PaymentEvent.filter(order_id=order.id, kind="paid").count() == 0


async def test_a_notification_for_another_amount_is_refused(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    order, attempt, _ = await start(platforms, citizen)
    trade = platforms.wechat.pay(attempt.out_trade_no)
    headers, body = platforms.wechat.notification({**trade, "amount": {"total": 1, "currency": "CNY"}})
    response = await http.post("/notify/wechatpay", content=body, headers=headers)
    assert (response.status_code, response.json()["code"]) == (400, "FAIL")
    await order.refresh_from_db()
    assert order.state is OrderState.PAYING


async def test_query_close_refund_and_bill(platforms: Platforms, citizen: Actor) -> None:
    provider = platforms.services.payments.providers[PayChannel.WECHATPAY]
    _, unpaid, _ = await start(platforms, citizen, key="unpaid")
    _, paid, _ = await start(platforms, Actor(person_id=(citizen.person_id or 0) + 1), key="paid")
    trade = platforms.wechat.pay(paid.out_trade_no)
    assert (await provider.query_payment(unpaid.out_trade_no)).status is TradeStatus.PENDING
    info = await provider.query_payment(paid.out_trade_no)
    assert (info.status, info.platform_trade_no, info.amount_fen) == (
        TradeStatus.PAID,
        trade["transaction_id"],
        2000,
    )
    assert (await provider.query_payment("LJ-NO-SUCH")).status is TradeStatus.NOT_FOUND
    await provider.close_payment(unpaid.out_trade_no)
    assert platforms.wechat.trades[unpaid.out_trade_no]["trade_state"] == "CLOSED"
    request = RefundRequest(paid.out_trade_no, "RF1", 500, 2000, "多收")
    assert (await provider.refund(request)).succeeded
    assert (await provider.query_refund(request)).succeeded
    rows = await provider.download_bill(date(2026, 11, 27))
    assert [(r.out_trade_no, r.platform_trade_no, r.amount_fen) for r in rows] == [
        (paid.out_trade_no, trade["transaction_id"], 2000)
    ]
    assert platforms.wechat.rejected_signatures == 0


async def test_a_notification_signed_by_wechatpayv3_verifies(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    from wechatpayv3.utils import rsa_sign

    order, attempt, _ = await start(platforms, citizen, key="interop")
    headers, body = platforms.wechat.notification(platforms.wechat.pay(attempt.out_trade_no))
    message = f"{headers['Wechatpay-Timestamp']}\n{headers['Wechatpay-Nonce']}\n{body.decode()}\n"
    headers["Wechatpay-Signature"] = rsa_sign(platforms.wechat.platform.private, message)
    assert (await http.post("/notify/wechatpay", content=body, headers=headers)).status_code == 204
    await order.refresh_from_db()
    assert order.state is OrderState.PAID


async def test_200_concurrent_deliveries_make_one_transition(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    """Run on PostgreSQL by the server pass: row lock, guarded update and unique event key together."""
    order, attempt, _ = await start(platforms, citizen, key="storm")
    trade = platforms.wechat.pay(attempt.out_trade_no)
    # WeChat's retries of one event each carry a fresh timestamp, nonce and signature
    deliveries = [platforms.wechat.notification(trade, event_id="EV-storm") for _ in range(200)]
    answers = await asyncio.gather(
        *(http.post("/notify/wechatpay", content=body, headers=headers) for headers, body in deliveries)
    )
    assert [a.status_code for a in answers] == [204] * 200
    await order.refresh_from_db()
    assert order.state is OrderState.PAID
    assert await PaymentEvent.filter(order_id=order.id).exclude(kind="payment_started").count() == 1
    assert await PaymentAttempt.filter(order_id=order.id, state="succeeded").count() == 1


@pytest.mark.parametrize(("offset", "accepted"), [(-299, True), (-300, False), (299, True), (300, False)])
async def test_the_timestamp_window_is_five_minutes_either_way(
    platforms: Platforms, offset: int, accepted: bool
) -> None:
    config = wechatpay_config(platforms.services.settings)
    assert config is not None
    now = 1_790_000_000
    verifier = WeChatPayNotifications(config, platforms.services.redis, clock=lambda: now)
    trade = {"appid": APPID, "mchid": MCHID, "out_trade_no": "LJW", "transaction_id": "4200", "payer": {},
             "amount": {"total": 1, "currency": "CNY"}}  # fmt: skip
    headers, body = platforms.wechat.notification(trade, timestamp=now + offset)
    if accepted:
        assert (await verifier.verify(headers, body)).out_trade_no == "LJW"
    else:
        with pytest.raises(NotificationRejected, match="stale"):
            await verifier.verify(headers, body)


async def test_a_refund_notification_settles_a_processing_refund_once(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    order, attempt, _ = await start(platforms, citizen, key="refund-notify")
    trade = platforms.wechat.pay(attempt.out_trade_no)
    await platforms.services.payment_notifications.receive(
        PayChannel.WECHATPAY, *platforms.wechat.notification(trade)
    )
    refund = await platforms.services.refunds.refund(
        Actor(person_id=3, is_admin=True), order.id, 700, "rn", "退费"
    )
    # as while the bank is still working on it
    await Refund.filter(id=refund.id).update(state=RefundState.PROCESSING)
    resource = {
        "mchid": MCHID,
        "out_trade_no": attempt.out_trade_no,
        "transaction_id": trade["transaction_id"],
        "out_refund_no": refund.out_refund_no,
        "refund_id": "50300",
        "refund_status": "SUCCESS",
        "amount": {"total": 2000, "refund": 700, "payer_total": 2000, "payer_refund": 700},
    }
    for _ in range(2):
        headers, body = platforms.wechat.envelope("REFUND.SUCCESS", "refund", resource)
        assert (await http.post("/notify/wechatpay", content=body, headers=headers)).status_code == 204
    await refund.refresh_from_db()
    assert (refund.state, refund.platform_refund_no) == (RefundState.SUCCEEDED, "50300")
    assert await PaymentEvent.filter(order_id=order.id, kind="refund_succeeded").count() == 1


async def test_an_answer_not_signed_by_wechat_pay_is_not_believed(
    platforms: Platforms, citizen: Actor
) -> None:
    from tests.fakes.keys import KeyPair

    platforms.wechat.platform = KeyPair.generate()  # answers now signed by a key we do not trust
    order = await platforms.services.payments.create_order(
        citizen, OrderKind.MATTER_FEE, "LJ-GAFJ-004", [], "f"
    )
    with pytest.raises(DomainError) as refused:
        await platforms.services.payments.start_payment(citizen, order.id, PayChannel.WECHATPAY)
    assert refused.value.problems[0].code == "PLATFORM_UNAVAILABLE"


async def test_a_signed_notice_reusing_another_orders_transaction_id_is_not_acknowledged(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    """WeChat Pay retries a notice not answered 2xx; staff see it in the mismatches meanwhile."""
    _, first, _ = await start(platforms, citizen, key="first")
    order, second, _ = await start(platforms, citizen, key="second")
    paid = platforms.wechat.pay(first.out_trade_no)
    headers, body = platforms.wechat.notification(paid)
    assert (await http.post("/notify/wechatpay", content=body, headers=headers)).status_code == 204
    reused = {**platforms.wechat.trades[second.out_trade_no], "transaction_id": paid["transaction_id"]}
    headers, body = platforms.wechat.notification(reused)
    response = await http.post("/notify/wechatpay", content=body, headers=headers)
    assert (response.status_code, response.json()["code"]) == (400, "FAIL")
    await order.refresh_from_db()
    assert order.state is OrderState.PAYING
    kept = await ReconciliationMismatch.get(out_trade_no=second.out_trade_no)
    assert (kept.kind, kept.platform_trade_no) == (MismatchKind.NOTICE_CONFLICT, paid["transaction_id"])
