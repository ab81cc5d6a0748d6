"""One state machine: payments recorded exactly once, refunds never exceed what was paid, and
illegal transitions are errors that change nothing."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from itertools import product

import pytest
from prometheus_client import REGISTRY
from tests.fakes.ledger import LedgerProvider

from luojiang.core.errors import DomainError
from luojiang.core.payments.access import Actor
from luojiang.core.payments.models import (
    AttemptState,
    MismatchKind,
    Order,
    OrderKind,
    OrderState,
    OwnerKind,
    PayChannel,
    PaymentAttempt,
    PaymentEvent,
    ReconciliationMismatch,
    Refund,
    RefundState,
)
from luojiang.core.payments.ports import NotificationKind, PlatformNotification
from luojiang.core.payments.refunds import RefundService
from luojiang.core.payments.service import PaymentMismatch, PaymentOutcome, PaymentService
from luojiang.core.payments.states import TRANSITIONS, IllegalTransition, check_transition

S = OrderState


def test_the_transition_table() -> None:
    allowed = {(a, b) for a, b in product(S, S) if b in TRANSITIONS[a]}
    assert allowed == {
        (S.CREATED, S.PAYING), (S.CREATED, S.CLOSED), (S.CREATED, S.EXPIRED),
        (S.PAYING, S.PAYING), (S.PAYING, S.PAID), (S.PAYING, S.CLOSED), (S.PAYING, S.EXPIRED),
        (S.PAID, S.PARTIALLY_REFUNDED), (S.PAID, S.REFUNDED),
        (S.PARTIALLY_REFUNDED, S.PARTIALLY_REFUNDED), (S.PARTIALLY_REFUNDED, S.REFUNDED),
        # a refund the platform refuses gives its reserved amount back
        (S.PARTIALLY_REFUNDED, S.PAID), (S.REFUNDED, S.PARTIALLY_REFUNDED), (S.REFUNDED, S.PAID),
    }  # fmt: skip
    for a, b in set(product(S, S)) - allowed:
        with pytest.raises(IllegalTransition):
            check_transition(a, b)


def paid(attempt: PaymentAttempt, ledger: LedgerProvider, event: str = "EV-1") -> PlatformNotification:
    trade_no = ledger.pay(attempt.out_trade_no)
    return PlatformNotification(
        attempt.channel, event, NotificationKind.PAID, attempt.out_trade_no, trade_no, attempt.amount_fen
    )


async def paying_order(payments: PaymentService, actor: Actor) -> tuple[Order, PaymentAttempt]:
    order = await payments.create_order(actor, OrderKind.MATTER_FEE, "LJ-GAFJ-004", [], "pay")
    attempt, _ = await payments.start_payment(actor, order.id, PayChannel.WECHATPAY)
    return order, attempt


async def test_starting_a_payment_creates_an_attempt_and_calls_the_platform(
    payments: PaymentService, citizen: Actor, wechat: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    await order.refresh_from_db()
    assert order.state is S.PAYING
    assert (attempt.amount_fen, attempt.state, attempt.channel) == (
        2000,
        AttemptState.PENDING,
        PayChannel.WECHATPAY,
    )
    assert wechat.trades[attempt.out_trade_no].request.amount_fen == 2000
    second, _ = await payments.start_payment(citizen, order.id, PayChannel.ALIPAY)
    assert await PaymentAttempt.filter(order_id=order.id).count() == 2
    assert second.out_trade_no != attempt.out_trade_no


async def test_a_payment_is_recorded_once(
    payments: PaymentService, citizen: Actor, wechat: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    news = paid(attempt, wechat)
    assert await payments.record_payment(news, "notify:wechatpay") is PaymentOutcome.APPLIED
    assert await payments.record_payment(news, "notify:wechatpay") is PaymentOutcome.ALREADY
    await order.refresh_from_db()
    assert order.state is S.PAID
    kinds = await PaymentEvent.filter(order_id=order.id).order_by("id").values_list("kind", "actor")
    assert kinds == [("payment_started", f"person:{citizen.person_id}"), ("paid", "notify:wechatpay")]


async def test_concurrent_deliveries_make_one_transition(
    payments: PaymentService, citizen: Actor, wechat: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    news = paid(attempt, wechat)
    outcomes = await asyncio.gather(*(payments.record_payment(news, "notify") for _ in range(50)))
    assert outcomes.count(PaymentOutcome.APPLIED) == 1
    assert outcomes.count(PaymentOutcome.ALREADY) == 49
    assert await PaymentEvent.filter(order_id=order.id, kind="paid").count() == 1


async def test_a_notification_with_another_amount_changes_nothing(
    payments: PaymentService, citizen: Actor, wechat: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    news = paid(attempt, wechat)
    forged = PlatformNotification(
        news.channel, "EV-2", news.kind, news.out_trade_no, news.platform_trade_no, 1
    )
    other_channel = PlatformNotification(
        PayChannel.ALIPAY, "EV-3", news.kind, news.out_trade_no, news.platform_trade_no, 2000
    )
    for wrong in (forged, other_channel):
        with pytest.raises(PaymentMismatch):
            await payments.record_payment(wrong, "notify")
    await order.refresh_from_db()
    await attempt.refresh_from_db()
    assert (order.state, attempt.state) == (S.PAYING, AttemptState.PENDING)


async def test_a_second_attempt_paying_a_paid_order_is_recorded_for_refund(
    payments: PaymentService, citizen: Actor, wechat: LedgerProvider, alipay: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    second, _ = await payments.start_payment(citizen, order.id, PayChannel.ALIPAY)
    assert await payments.record_payment(paid(attempt, wechat), "n") is PaymentOutcome.APPLIED
    assert await payments.record_payment(paid(second, alipay), "n") is PaymentOutcome.DUPLICATE
    await order.refresh_from_db()
    assert order.state is S.PAID
    assert await PaymentEvent.filter(order_id=order.id, kind="duplicate_payment").count() == 1


async def test_a_paid_order_cannot_be_paid_again(
    payments: PaymentService, citizen: Actor, wechat: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    await payments.record_payment(paid(attempt, wechat), "n")
    with pytest.raises(DomainError) as refused:
        await payments.start_payment(citizen, order.id, PayChannel.WECHATPAY)
    assert refused.value.problems[0].code == "ILLEGAL_TRANSITION"
    assert await PaymentAttempt.filter(order_id=order.id).count() == 1


async def test_refunds_partial_then_full_and_idempotent(
    payments: PaymentService, refunds: RefundService, citizen: Actor, wechat: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    await payments.record_payment(paid(attempt, wechat), "n")
    staff = Actor(person_id=1, staff_department_ids=frozenset({order.department_id or 0}))
    first = await refunds.refund(staff, order.id, 500, "r1", "多收")
    again = await refunds.refund(staff, order.id, 500, "r1", "多收")
    assert again.id == first.id
    assert list(wechat.refunds) == [first.out_refund_no]
    await order.refresh_from_db()
    assert (order.state, order.refunded_fen) == (S.PARTIALLY_REFUNDED, 500)
    with pytest.raises(DomainError) as too_much:
        await refunds.refund(staff, order.id, 1501, "r2", "x")
    assert too_much.value.problems[0].code == "INVALID_AMOUNT"
    rest = await refunds.refund(staff, order.id, 1500, "r3", "退回")
    await order.refresh_from_db()
    assert (order.state, order.refunded_fen, rest.amount_fen) == (S.REFUNDED, 2000, 1500)
    with pytest.raises(DomainError) as none_left:
        await refunds.refund(staff, order.id, 1, "r4", "x")
    assert none_left.value.problems[0].code == "NOT_REFUNDABLE"
    assert await Refund.filter(order_id=order.id).count() == 2


async def test_a_refund_the_platform_refuses_gives_its_amount_back_once(
    payments: PaymentService, refunds: RefundService, citizen: Actor, wechat: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    await payments.record_payment(paid(attempt, wechat), "n")
    admin = Actor(person_id=3, is_admin=True)
    kept = await refunds.refund(admin, order.id, 500, "k1", "多收")
    wechat.refuse_refunds = "NOTENOUGH"
    refused = await refunds.refund(admin, order.id, 1500, "k2", "退回")
    await order.refresh_from_db()
    assert (refused.state, order.state, order.refunded_fen) == (RefundState.FAILED, S.PARTIALLY_REFUNDED, 500)
    await refunds.submit(refused, attempt, order)  # the job or a retry runs it again: nothing moves twice
    await order.refresh_from_db()
    assert order.refunded_fen == 500
    released = await PaymentEvent.filter(order_id=order.id, kind="refund_failed").values_list(
        "to_state", flat=True
    )
    assert released == [S.PARTIALLY_REFUNDED]
    wechat.refuse_refunds = None
    retried = await refunds.refund(admin, order.id, 1500, "k3", "退回")
    await order.refresh_from_db()
    assert (kept.amount_fen + retried.amount_fen, order.state, order.refunded_fen) == (2000, S.REFUNDED, 2000)


async def test_concurrent_refunds_never_exceed_the_payment(
    payments: PaymentService, refunds: RefundService, citizen: Actor, wechat: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    await payments.record_payment(paid(attempt, wechat), "n")
    admin = Actor(person_id=3, is_admin=True)
    results = await asyncio.gather(
        *(refunds.refund(admin, order.id, 700, f"c{i}", "x") for i in range(6)), return_exceptions=True
    )
    granted = [r for r in results if isinstance(r, Refund)]
    await order.refresh_from_db()
    assert order.refunded_fen == sum(r.amount_fen for r in granted) == 1400
    assert len(granted) == 2


async def test_only_the_department_refunds(
    payments: PaymentService, refunds: RefundService, citizen: Actor, wechat: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    await payments.record_payment(paid(attempt, wechat), "n")
    for who in (
        citizen,
        Actor(person_id=2, staff_department_ids=frozenset({(order.department_id or 0) + 1})),
    ):
        with pytest.raises(DomainError) as refused:
            await refunds.refund(who, order.id, 100, "x", "x")
        assert refused.value.problems[0].code == "NOT_FOUND"
    await order.refresh_from_db()
    assert (order.state, order.refunded_fen) == (S.PAID, 0)


def _mismatches_metric(kind: str) -> float:
    return (
        REGISTRY.get_sample_value(
            "luojiang_payment_notice_mismatches_total", {"channel": "wechatpay", "kind": kind}
        )
        or 0.0
    )


async def test_a_notice_reusing_another_trades_transaction_id_is_kept_for_staff_not_acknowledged(
    payments: PaymentService, citizen: Actor, wechat: LedgerProvider, caplog: pytest.LogCaptureFixture
) -> None:
    _, first = await paying_order(payments, citizen)
    other = Actor(person_id=(citizen.person_id or 0) + 500_000, openid="openid-other")
    second_order, second = await paying_order(payments, other)
    news = paid(first, wechat)
    assert await payments.record_payment(news, "notify") is PaymentOutcome.APPLIED
    reused = PlatformNotification(
        second.channel, "EV-9", NotificationKind.PAID, second.out_trade_no, news.platform_trade_no, 2000
    )
    before = _mismatches_metric("notice_conflict")
    for _ in range(2):  # the platform retries what was not acknowledged: one row for staff
        with pytest.raises(PaymentMismatch) as refused:
            await payments.record_payment(reused, "notify")
        assert refused.value.kind is MismatchKind.NOTICE_CONFLICT
    await second_order.refresh_from_db()
    await second.refresh_from_db()
    assert (second_order.state, second.state) == (S.PAYING, AttemptState.PENDING)
    kept = await ReconciliationMismatch.filter(out_trade_no=second.out_trade_no).values_list(
        "kind", "platform_trade_no", "our_amount_fen", "their_amount_fen"
    )
    assert kept == [(MismatchKind.NOTICE_CONFLICT, news.platform_trade_no, 2000, 2000)]
    assert _mismatches_metric("notice_conflict") == before + 2
    logged = [r.getMessage() for r in caplog.records if "contradicts" in r.getMessage()]
    assert len(logged) == 2
    assert second.out_trade_no not in logged[0]
    assert news.platform_trade_no not in logged[0]
    # the exact repeat of the recorded event is still acknowledged and changes nothing
    assert await payments.record_payment(news, "notify") is PaymentOutcome.ALREADY


async def test_a_paid_trade_notified_under_another_transaction_id_is_a_conflict(
    payments: PaymentService, citizen: Actor, wechat: LedgerProvider
) -> None:
    order, attempt = await paying_order(payments, citizen)
    news = paid(attempt, wechat)
    assert await payments.record_payment(news, "notify") is PaymentOutcome.APPLIED
    other = PlatformNotification(
        news.channel, "EV-8", news.kind, news.out_trade_no, "4200000000000000000000000001", 2000
    )
    with pytest.raises(PaymentMismatch) as refused:
        await payments.record_payment(other, "notify")
    assert refused.value.kind is MismatchKind.NOTICE_CONFLICT
    await attempt.refresh_from_db()
    assert attempt.platform_trade_no == news.platform_trade_no
    assert await PaymentEvent.filter(order_id=order.id, kind="paid").count() == 1


async def test_notices_of_unknown_trades_or_other_amounts_are_kept_for_staff(
    payments: PaymentService, citizen: Actor, wechat: LedgerProvider
) -> None:
    _, attempt = await paying_order(payments, citizen)
    news = paid(attempt, wechat)
    cheaper = PlatformNotification(
        news.channel, "EV-7", news.kind, news.out_trade_no, news.platform_trade_no, 1
    )
    unknown = PlatformNotification(news.channel, "EV-6", news.kind, "LJNOSUCHTRADE", "42NOSUCH", 2000)
    for notice, kind in ((cheaper, MismatchKind.NOTICE_AMOUNT), (unknown, MismatchKind.NOTICE_UNKNOWN)):
        with pytest.raises(PaymentMismatch):
            await payments.record_payment(notice, "notify")
        row = await ReconciliationMismatch.get(out_trade_no=notice.out_trade_no, kind=kind)
        assert (row.their_amount_fen, row.platform_trade_no) == (notice.amount_fen, notice.platform_trade_no)


async def test_trades_paid_without_a_platform_transaction_id_are_each_recorded(
    payments: PaymentService, citizen: Actor, wechat: LedgerProvider
) -> None:
    """A notice or query that names no transaction id stores none (NULL), so a second such trade
    is not taken for the first one's conflict."""
    buyers = [citizen, Actor(person_id=(citizen.person_id or 0) + 600_000, openid="o")]
    attempts = [(await paying_order(payments, buyer))[1] for buyer in buyers]
    for attempt in attempts:
        news = replace(paid(attempt, wechat), platform_trade_no="")
        assert await payments.record_payment(news, "job:query") is PaymentOutcome.APPLIED
    ids = [a.id for a in attempts]
    stored = (
        await PaymentAttempt.filter(id__in=ids).order_by("id").values_list("platform_trade_no", flat=True)
    )
    assert stored == [None, None]


async def test_staff_do_not_refund_an_order_they_paid_or_their_enterprise_owns(
    payments: PaymentService, refunds: RefundService, citizen: Actor, wechat: LedgerProvider
) -> None:
    enterprise_payer = replace(citizen, enterprise_ids=frozenset({77}))
    personal = await paying_order(payments, citizen)
    enterprises = await enterprise_paying_order(payments, enterprise_payer, 77)
    colleague = Actor(person_id=(citizen.person_id or 0) + 1, enterprise_ids=frozenset({77}), is_admin=True)
    for order, attempt in (personal, enterprises):
        await payments.record_payment(paid(attempt, wechat, f"EV-{order.id}"), "n")
        department = frozenset({order.department_id or 0})
        payer_as_staff = replace(citizen, staff_department_ids=department)
        for who in (payer_as_staff, replace(citizen, is_admin=True), colleague):
            if who is colleague and order.owner_kind is not OwnerKind.ENTERPRISE:
                continue  # someone else's personal order: theirs to refund
            with pytest.raises(DomainError) as refused:
                await refunds.refund(who, order.id, 100, f"self-{order.id}", "自退")
            assert [(p.code, p.field) for p in refused.value.problems] == [
                ("CONFLICT_OF_INTEREST", "orderId")
            ]
        await order.refresh_from_db()
        assert (order.state, order.refunded_fen) == (S.PAID, 0)
        assert not await Refund.filter(order_id=order.id).exists()
        other = Actor(person_id=(citizen.person_id or 0) + 2, staff_department_ids=department)
        assert (await refunds.refund(other, order.id, 100, f"other-{order.id}", "多收")).amount_fen == 100


async def enterprise_paying_order(
    payments: PaymentService, actor: Actor, enterprise_id: int
) -> tuple[Order, PaymentAttempt]:
    order = await payments.create_order(
        actor, OrderKind.MATTER_FEE, "LJ-GAFJ-004", [], "pay-ent", enterprise_id=enterprise_id
    )
    attempt, _ = await payments.start_payment(actor, order.id, PayChannel.WECHATPAY)
    return order, attempt
