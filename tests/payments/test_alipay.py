"""Alipay end to end against the simulator: trade.create (JSAPI_PAY) for my.tradePay,
notifications through /notify/alipay, query, close, refund, refund query and the GBK bill zip."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import date

import httpx
import pytest
from alipay import AliPay
from tests.fakes.alipay import APP_ID, beijing_time
from tests.payments.platforms import Platforms

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
)
from luojiang.core.payments.money import fen_to_yuan, yuan_to_fen
from luojiang.core.payments.ports import PlatformRejected, PlatformUnavailable, RefundRequest, TradeStatus

FORM = {"content-type": "application/x-www-form-urlencoded; charset=utf-8"}


@pytest.fixture
async def http(platforms: Platforms) -> AsyncIterator[httpx.AsyncClient]:
    async with platforms.client() as client:
        yield client


async def start(
    platforms: Platforms, actor: Actor, key: str = "a"
) -> tuple[Order, PaymentAttempt, dict[str, str]]:
    payments = platforms.services.payments
    order = await payments.create_order(actor, OrderKind.TICKET, "LJ-JQ-BMG", [], key)
    payer = replace(
        actor, openid="074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5"
    )  # as after a mini-program login
    attempt, sheet = await payments.start_payment(payer, order.id, PayChannel.ALIPAY)
    return order, attempt, sheet


def test_yuan_and_fen_convert_exactly() -> None:
    assert [yuan_to_fen(s) for s in ("0.01", "88.88", "100000000.00", "`40.00", "20")] == [
        1,
        8888,
        10_000_000_000,
        4000,
        2000,
    ]
    assert [fen_to_yuan(f) for f in (1, 8888, 6000, 10)] == ["0.01", "88.88", "60.00", "0.10"]
    for bad in ("0.001", "1e-3", "abc", "NaN", ""):
        with pytest.raises(ValueError, match="amount"):
            yuan_to_fen(bad)


async def test_trade_create_returns_the_trade_no_for_my_trade_pay(
    platforms: Platforms, citizen: Actor
) -> None:
    order, attempt, sheet = await start(platforms, citizen)
    trade = platforms.alipay.trades[attempt.out_trade_no]
    assert sheet == {"tradeNO": trade["trade_no"]}
    assert (trade["total_amount"], trade["product_code"], order.amount_fen) == ("60.00", "JSAPI_PAY", 6000)
    sent = platforms.alipay.requests[-1]
    assert (sent["method"], sent["sign_type"], sent["notify_url"]) == (
        "alipay.trade.create",
        "RSA2",
        "https://gateway.test/notify/alipay",
    )
    assert platforms.alipay.rejected_signatures == 0


async def test_a_notification_pays_once_and_is_answered_success(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    order, attempt, _ = await start(platforms, citizen)
    body = platforms.alipay.notification(platforms.alipay.pay(attempt.out_trade_no))
    for _ in range(3):  # Alipay repeats the same notify_id until it reads "success"
        response = await http.post("/notify/alipay", content=body, headers=FORM)
        assert (response.status_code, response.text) == (200, "success")
    await order.refresh_from_db()
    assert order.state is OrderState.PAID
    assert await PaymentEvent.filter(order_id=order.id, kind="paid").count() == 1


async def test_a_notification_signed_by_python_alipay_sdk_verifies(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    order, attempt, _ = await start(platforms, citizen)
    params = platforms.alipay.notification_params(platforms.alipay.pay(attempt.out_trade_no))
    # the third-party SDK signs as "Alipay" would: its private key is the simulator's Alipay key
    sdk = AliPay(APP_ID, app_private_key_string=platforms.alipay.alipay.private_pem,
                 alipay_public_key_string=platforms.alipay.alipay.public_pem)  # fmt: skip
    body = (sdk.sign_data(dict(params)) + "&sign_type=RSA2").encode()
    response = await http.post("/notify/alipay", content=body, headers=FORM)
    assert response.text == "success"
    await order.refresh_from_db()
    assert order.state is OrderState.PAID


# each time is made when its test runs: made at collection, "from the future" would have come
# into the window by the time a long session reaches it
NOTIFY_TIMES: dict[str, Callable[[], str]] = {
    "sent ten minutes ago": lambda: beijing_time(time.time() - 600),
    "sent five minutes ago": lambda: beijing_time(time.time() - 301),
    "sent from the future": lambda: beijing_time(time.time() + 600),
    "as a UTC time": lambda: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
    "no time": lambda: "",
    "not a time": lambda: "2026-13-45 99:00:00",
}


@pytest.mark.parametrize("damage", list(NOTIFY_TIMES))
async def test_a_signed_notification_sent_outside_the_window_is_refused(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor, damage: str
) -> None:
    """A captured notice replayed later is refused, however well it is signed; a retry within
    Alipay's schedule carries a new notify_time and passes (the test above)."""
    notify_time = NOTIFY_TIMES[damage]()
    order, attempt, _ = await start(platforms, citizen, key=f"old-{damage}")
    body = platforms.alipay.notification(platforms.alipay.pay(attempt.out_trade_no), notify_time=notify_time)
    response = await http.post("/notify/alipay", content=body, headers=FORM)
    assert (response.status_code, response.text) == (200, "fail")
    await order.refresh_from_db()
    assert order.state is OrderState.PAYING


@pytest.mark.parametrize(
    "damage",
    ["forged", "tampered-amount", "other-app", "other-seller", "less-paid", "unsigned", "not-a-form"],
)
async def test_bad_notifications_are_refused_and_change_nothing(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor, damage: str
) -> None:
    order, attempt, _ = await start(platforms, citizen, key=f"bad-{damage}")
    fake = platforms.alipay
    trade = fake.pay(attempt.out_trade_no)
    params = fake.notification_params(trade)
    if damage == "forged":
        body = fake.sign_notification(params, key=fake.app)  # signed, but not with Alipay's key
    elif damage == "tampered-amount":
        body = fake.notification(trade).replace(b"total_amount=60.00", b"total_amount=0.01")
    elif damage == "other-app":
        body = fake.notification(trade, app_id="2021000000009999")
    elif damage == "other-seller":
        body = fake.notification(trade, seller_id="2088000000009999")
    elif damage == "less-paid":
        body = fake.notification(trade, total_amount="0.01")  # correctly signed, wrong amount
    elif damage == "unsigned":
        body = fake.notification(trade).split(b"&sign=")[0]
    else:
        body = b"%%%=&&"
    response = await http.post("/notify/alipay", content=body, headers=FORM)
    assert (response.status_code, response.text) == (200, "fail")
    await order.refresh_from_db()
    assert order.state is OrderState.PAYING
    assert await PaymentEvent.filter(order_id=order.id, kind="paid").count() == 0


async def test_query_close_refund_and_bill(platforms: Platforms, citizen: Actor) -> None:
    provider = platforms.services.payments.providers[PayChannel.ALIPAY]
    _, unpaid, _ = await start(platforms, citizen, key="unpaid")
    _, paid, _ = await start(platforms, Actor(person_id=(citizen.person_id or 0) + 1), key="paid")
    trade = platforms.alipay.pay(paid.out_trade_no)
    assert (await provider.query_payment(unpaid.out_trade_no)).status is TradeStatus.PENDING
    info = await provider.query_payment(paid.out_trade_no)
    assert (info.status, info.platform_trade_no, info.amount_fen) == (
        TradeStatus.PAID,
        trade["trade_no"],
        6000,
    )
    assert (await provider.query_payment("LJNOSUCH")).status is TradeStatus.NOT_FOUND
    await provider.close_payment(unpaid.out_trade_no)
    assert platforms.alipay.trades[unpaid.out_trade_no]["status"] == "TRADE_CLOSED"
    with pytest.raises(PlatformRejected) as paid_already:
        await provider.close_payment(paid.out_trade_no)
    assert paid_already.value.code == "ORDERPAID"
    request = RefundRequest(paid.out_trade_no, "RF1", 2000, 6000, "退票")
    assert (await provider.refund(request)).succeeded
    assert (await provider.refund(request)).succeeded  # same out_request_no: no second refund
    assert list(platforms.alipay.refunds) == ["RF1"]
    assert (await provider.query_refund(request)).succeeded
    rows = await provider.download_bill(date(2026, 11, 27))
    assert [(r.out_trade_no, r.platform_trade_no, r.amount_fen) for r in rows] == [
        (paid.out_trade_no, trade["trade_no"], 6000)
    ]
    assert platforms.alipay.rejected_signatures == 0


async def test_an_answer_not_signed_by_alipay_is_not_believed(platforms: Platforms, citizen: Actor) -> None:
    from tests.fakes.keys import KeyPair

    platforms.alipay.alipay = KeyPair.generate()  # answers now signed by a key we do not trust
    order = await platforms.services.payments.create_order(
        citizen, OrderKind.TICKET, "LJ-JQ-BMG", [], "forged"
    )
    with pytest.raises(DomainError) as refused:
        await platforms.services.payments.start_payment(citizen, order.id, PayChannel.ALIPAY)
    assert refused.value.problems[0].code == "PLATFORM_UNAVAILABLE"
    provider = platforms.services.payments.providers[PayChannel.ALIPAY]
    with pytest.raises(PlatformUnavailable):
        await provider.query_payment(next(iter(platforms.alipay.trades)))


async def test_a_signed_notice_reusing_another_orders_trade_no_is_answered_fail(
    platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    """Alipay repeats a notice not answered ``success`` (8 times over 25 h); staff see it meanwhile."""
    _, first, _ = await start(platforms, citizen, key="first")
    order, second, _ = await start(platforms, citizen, key="second")
    paid = platforms.alipay.pay(first.out_trade_no)
    body = platforms.alipay.notification(paid)
    assert (await http.post("/notify/alipay", content=body, headers=FORM)).text == "success"
    reused = {**platforms.alipay.pay(second.out_trade_no), "trade_no": paid["trade_no"]}
    response = await http.post("/notify/alipay", content=platforms.alipay.notification(reused), headers=FORM)
    assert response.text == "fail"
    await order.refresh_from_db()
    assert order.state is OrderState.PAYING
    kept = await ReconciliationMismatch.get(out_trade_no=second.out_trade_no)
    assert (kept.kind, kept.platform_trade_no) == (MismatchKind.NOTICE_CONFLICT, paid["trade_no"])
