"""The payment jobs: a lost notification is recovered by querying, unpaid orders expire (closed on
the platform first), and the daily bills are reconciled with our records."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

import pytest
from tests.fakes.ledger import LedgerProvider
from tests.payments.conftest import Clock
from tests.support.jobs import quick_job_settings, running_engine
from tests.support.waiting import until

from luojiang.core.errors import DomainError
from luojiang.core.payments.access import Actor
from luojiang.core.payments.models import (
    AttemptState,
    MismatchKind,
    Order,
    OrderKind,
    OrderState,
    PayChannel,
    PaymentAttempt,
    PaymentEvent,
    ReconciliationMismatch,
)
from luojiang.core.payments.ports import BillRow, TradeStatus
from luojiang.core.payments.refunds import RefundService
from luojiang.core.payments.service import PaymentService
from luojiang.core.payments.sweeps import PaymentSweeps
from luojiang.core.settings import Settings


@pytest.fixture
def sweeps(payments: PaymentService, refunds: RefundService) -> PaymentSweeps:
    return PaymentSweeps(payments, refunds)


async def paying(
    payments: PaymentService, actor: Actor, key: str = "u", channel: PayChannel = PayChannel.WECHATPAY
) -> tuple[Order, PaymentAttempt]:
    order = await payments.create_order(actor, OrderKind.MATTER_FEE, "LJ-GAFJ-004", [], key)
    attempt, _ = await payments.start_payment(actor, order.id, channel)
    return order, attempt


async def test_a_lost_notification_is_recovered_by_querying(
    payments: PaymentService, sweeps: PaymentSweeps, citizen: Actor, wechat: LedgerProvider, clock: Clock
) -> None:
    order, attempt = await paying(payments, citizen)
    wechat.pay(attempt.out_trade_no)  # paid, but the notification never arrives
    await sweeps.recover_pending()
    await order.refresh_from_db()
    assert order.state is OrderState.PAYING  # too young to ask about
    clock.advance(minutes=5)
    await sweeps.recover_pending()
    await sweeps.recover_pending()  # running twice changes nothing more
    await order.refresh_from_db()
    assert order.state is OrderState.PAID
    events = await PaymentEvent.filter(order_id=order.id, kind="paid").values_list("actor", flat=True)
    assert events == ["job:query"]


async def test_recovery_skips_payments_of_a_channel_no_longer_configured_and_settles_the_others(
    payments: PaymentService,
    refunds: RefundService,
    citizen: Actor,
    wechat: LedgerProvider,
    alipay: LedgerProvider,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    orphan, by_wechat = await paying(payments, citizen, key="gone")
    settled, by_alipay = await paying(payments, citizen, key="kept", channel=PayChannel.ALIPAY)
    wechat.pay(by_wechat.out_trade_no)
    alipay.pay(by_alipay.out_trade_no)
    clock.advance(minutes=5)
    alipay_only = PaymentService({PayChannel.ALIPAY: alipay}, payments.prices, clock)  # type: ignore[dict-item]
    caplog.set_level(logging.WARNING, logger="luojiang.core.payments.sweeps")
    tally = await PaymentSweeps(alipay_only, refunds).recover_pending()
    await orphan.refresh_from_db()
    await settled.refresh_from_db()
    assert (orphan.state, settled.state) == (OrderState.PAYING, OrderState.PAID)
    assert tally.counts["no_provider"] >= 1
    [line] = [r for r in caplog.records if r.name == "luojiang.core.payments.sweeps"]
    assert line.levelno == logging.WARNING
    assert line.channels == ["wechatpay"]  # type: ignore[attr-defined]
    assert by_wechat.out_trade_no not in line.getMessage()


async def test_an_unpaid_order_expires_and_is_closed_on_the_platform_first(
    payments: PaymentService, sweeps: PaymentSweeps, citizen: Actor, wechat: LedgerProvider, clock: Clock
) -> None:
    order, attempt = await paying(payments, citizen)
    clock.advance(minutes=31)
    await sweeps.expire_orders()
    await order.refresh_from_db()
    await attempt.refresh_from_db()
    assert wechat.trades[attempt.out_trade_no].status is TradeStatus.CLOSED
    assert (order.state, attempt.state) == (OrderState.EXPIRED, AttemptState.CLOSED)
    with pytest.raises(DomainError) as refused:
        await payments.start_payment(citizen, order.id, PayChannel.WECHATPAY)
    assert refused.value.problems[0].code == "ILLEGAL_TRANSITION"


async def test_an_order_paid_just_before_expiry_becomes_paid_not_expired(
    payments: PaymentService, sweeps: PaymentSweeps, citizen: Actor, wechat: LedgerProvider, clock: Clock
) -> None:
    order, attempt = await paying(payments, citizen)
    wechat.pay(attempt.out_trade_no)
    clock.advance(minutes=31)
    await sweeps.expire_orders()
    await order.refresh_from_db()
    assert order.state is OrderState.PAID


async def test_reconciliation_stores_each_kind_of_mismatch(
    payments: PaymentService, sweeps: PaymentSweeps, citizen: Actor, wechat: LedgerProvider, clock: Clock
) -> None:
    people = [Actor(person_id=(citizen.person_id or 0) + 100_000 * i, openid="o") for i in range(3)]
    attempts = [(await paying(payments, who, key=f"rec{i}"))[1] for i, who in enumerate(people)]
    for attempt in attempts:
        wechat.pay(attempt.out_trade_no)
    clock.advance(minutes=5)
    await sweeps.recover_pending()
    matched, differs, absent = attempts
    wechat.bill = [
        BillRow(matched.out_trade_no, "42a", 2000),
        BillRow(differs.out_trade_no, "42b", 1999),
        BillRow("LJ-STRANGER", "42c", 500),
    ]
    day = clock().astimezone(ZoneInfo("Asia/Shanghai")).date()
    tally = await sweeps.reconcile(day)
    await sweeps.reconcile(day)  # twice: the same mismatches, stored once
    assert {k: tally.counts.get(k) for k in ("matched", "amount_differs", "missing_here")} == {
        "matched": 1,
        "amount_differs": 1,
        "missing_here": 1,
    }
    stored = await ReconciliationMismatch.filter(bill_date=day, channel=PayChannel.WECHATPAY).values_list(
        "kind", "out_trade_no", "our_amount_fen", "their_amount_fen"
    )
    assert (MismatchKind.AMOUNT_DIFFERS, differs.out_trade_no, 2000, 1999) in stored
    assert (MismatchKind.MISSING_HERE, "LJ-STRANGER", None, 500) in stored
    assert (MismatchKind.MISSING_THERE, absent.out_trade_no, 2000, None) in stored
    assert all(row[1] != matched.out_trade_no for row in stored)
    assert len([r for r in stored if r[1] in {differs.out_trade_no, "LJ-STRANGER", absent.out_trade_no}]) == 3


async def test_the_registered_expiry_job_runs_through_the_engine(
    settings: Settings, payments: PaymentService, sweeps: PaymentSweeps, citizen: Actor, clock: Clock
) -> None:
    order, _ = await paying(payments, citizen)
    clock.advance(minutes=31)

    async def expired() -> bool:
        await order.refresh_from_db()
        return order.state is OrderState.EXPIRED

    async with running_engine(quick_job_settings(settings), payments=sweeps) as engine:
        await engine.enqueue("payments.expire_unpaid_orders")
        await until(expired)

    assert order.state is OrderState.EXPIRED


async def test_the_refund_job_resubmits_requested_and_settles_processing_refunds(
    payments: PaymentService,
    refunds: RefundService,
    sweeps: PaymentSweeps,
    citizen: Actor,
    wechat: LedgerProvider,
) -> None:
    from luojiang.core.payments.models import Refund, RefundState
    from luojiang.core.payments.ports import NotificationKind, PlatformNotification

    order, attempt = await paying(payments, citizen, key="rj")
    trade_no = wechat.pay(attempt.out_trade_no)
    news = PlatformNotification(
        PayChannel.WECHATPAY, "EV", NotificationKind.PAID, attempt.out_trade_no, trade_no, 2000
    )
    await payments.record_payment(news, "n")
    admin = Actor(person_id=3, is_admin=True)
    processing = await refunds.refund(admin, order.id, 300, "p", "x")
    requested = await refunds.refund(admin, order.id, 200, "q", "x")
    await Refund.filter(id=processing.id).update(state=RefundState.PROCESSING)
    await Refund.filter(id=requested.id).update(state=RefundState.REQUESTED)
    del wechat.refunds[requested.out_refund_no]  # as if the first submission never reached the platform
    await sweeps.settle_refunds()
    await sweeps.settle_refunds()
    states = await Refund.filter(order_id=order.id).order_by("id").values_list("state", flat=True)
    assert states == [RefundState.SUCCEEDED, RefundState.SUCCEEDED]
    assert sorted(wechat.refunds) == sorted([processing.out_refund_no, requested.out_refund_no])
    assert await PaymentEvent.filter(order_id=order.id, kind="refund_succeeded").count() == 2
