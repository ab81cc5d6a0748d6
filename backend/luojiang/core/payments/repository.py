"""Every payments query. Changes of state are guarded UPDATEs that name the state they expect
and report whether they won; the service decides what losing means."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from luojiang.core.pagination import Page, PageRequest, paginate
from luojiang.core.payments.models import (
    ApplicationState,
    AttemptState,
    MismatchKind,
    Order,
    OrderState,
    OwnerKind,
    PayChannel,
    PaymentAttempt,
    PaymentEvent,
    ReconciliationMismatch,
    Refund,
    RefundApplication,
    RefundState,
)
from luojiang.core.payments.states import PAYABLE


async def order_by_id(order_id: int) -> Order | None:
    return await Order.get_or_none(id=order_id)


async def orders_by_ids(ids: Sequence[int]) -> dict[int, Order]:
    return {o.id: o for o in await Order.filter(id__in=ids)}


async def order_by_client_key(payer_person_id: int, client_key: str) -> Order | None:
    return await Order.get_or_none(payer_person_id=payer_person_id, client_key=client_key)


async def locked_order(order_id: int, conn: BaseDBAsyncClient) -> Order:
    """The order row, locked until the transaction ends (SELECT ... FOR UPDATE on PostgreSQL;
    SQLite has no row locks: there the guarded UPDATEs below carry the guarantee alone)."""
    return await Order.filter(id=order_id).select_for_update().using_db(conn).get()


async def set_order_state(
    order_id: int, expected: OrderState, target: OrderState, conn: BaseDBAsyncClient, **changes: Any
) -> bool:
    won = await Order.filter(id=order_id, state=expected).using_db(conn).update(state=target, **changes)
    return won == 1


async def reserve_refund(order: Order, refund_fen: int, target: OrderState, conn: BaseDBAsyncClient) -> bool:
    won = (
        await Order.filter(id=order.id, state=order.state, refunded_fen=order.refunded_fen)
        .using_db(conn)
        .update(state=target, refunded_fen=order.refunded_fen + refund_fen)
    )
    return won == 1


async def release_refund(order: Order, refund_fen: int, target: OrderState, conn: BaseDBAsyncClient) -> bool:
    won = (
        await Order.filter(id=order.id, state=order.state, refunded_fen=order.refunded_fen)
        .using_db(conn)
        .update(state=target, refunded_fen=order.refunded_fen - refund_fen)
    )
    return won == 1


async def visible_order_page(
    request: PageRequest,
    person_id: int | None,
    enterprise_ids: Sequence[int],
    department_ids: Sequence[int],
    everything: bool,
) -> Page[Order]:
    query = Order.all()
    if not everything:
        visible = Q(owner_kind=OwnerKind.PERSON, owner_id=person_id if person_id is not None else -1)
        if enterprise_ids:
            visible |= Q(owner_kind=OwnerKind.ENTERPRISE, owner_id__in=list(enterprise_ids))
        if department_ids:
            visible |= Q(department_id__in=list(department_ids))
        query = query.filter(visible)
    return await paginate(query, request)


async def attempt_by_out_trade_no(
    out_trade_no: str, conn: BaseDBAsyncClient | None = None
) -> PaymentAttempt | None:
    return await PaymentAttempt.filter(out_trade_no=out_trade_no).using_db(conn).first()


async def attempt_by_platform_trade_no(platform_trade_no: str) -> PaymentAttempt | None:
    return await PaymentAttempt.get_or_none(platform_trade_no=platform_trade_no)


async def attempt_by_id(attempt_id: int) -> PaymentAttempt | None:
    return await PaymentAttempt.get_or_none(id=attempt_id)


async def attempts_of_orders(order_ids: Sequence[int]) -> list[PaymentAttempt]:
    return await PaymentAttempt.filter(order_id__in=order_ids).order_by("id")


async def paid_attempt(order_id: int, conn: BaseDBAsyncClient) -> PaymentAttempt | None:
    query = PaymentAttempt.filter(order_id=order_id, state=AttemptState.SUCCEEDED).using_db(conn)
    return await query.order_by("id").first()


async def insert_attempt(conn: BaseDBAsyncClient, **values: Any) -> PaymentAttempt:
    return await PaymentAttempt.create(using_db=conn, **values)


async def finish_attempt(
    attempt_id: int, target: AttemptState, conn: BaseDBAsyncClient | None, **changes: Any
) -> bool:
    won = (
        await PaymentAttempt.filter(id=attempt_id, state=AttemptState.PENDING)
        .using_db(conn)
        .update(state=target, **changes)
    )
    return won == 1


async def pending_attempts_before(cutoff: datetime, limit: int) -> list[PaymentAttempt]:
    return (
        await PaymentAttempt.filter(state=AttemptState.PENDING, created_at__lt=cutoff)
        .order_by("id")
        .limit(limit)
    )


async def pending_attempts_of(order_id: int) -> list[PaymentAttempt]:
    return await PaymentAttempt.filter(order_id=order_id, state=AttemptState.PENDING).order_by("id")


async def expired_payable_orders(now: datetime, limit: int) -> list[Order]:
    return await Order.filter(state__in=list(PAYABLE), expires_at__lt=now).order_by("id").limit(limit)


async def succeeded_attempts_between(
    channel: PayChannel, start: datetime, end: datetime
) -> list[PaymentAttempt]:
    return await PaymentAttempt.filter(
        channel=channel, state=AttemptState.SUCCEEDED, finished_at__gte=start, finished_at__lt=end
    )


async def attempts_by_out_trade_nos(out_trade_nos: Sequence[str]) -> dict[str, PaymentAttempt]:
    return {a.out_trade_no: a for a in await PaymentAttempt.filter(out_trade_no__in=out_trade_nos)}


async def refund_by_client_key(order_id: int, client_key: str) -> Refund | None:
    return await Refund.get_or_none(order_id=order_id, client_key=client_key)


async def refund_by_out_refund_no(out_refund_no: str) -> Refund | None:
    return await Refund.get_or_none(out_refund_no=out_refund_no)


async def insert_refund(conn: BaseDBAsyncClient, **values: Any) -> Refund:
    return await Refund.create(using_db=conn, **values)


async def set_refund_state(
    refund_id: int,
    expected: Sequence[RefundState],
    target: RefundState,
    conn: BaseDBAsyncClient | None = None,
    **changes: Any,
) -> bool:
    won = (
        await Refund.filter(id=refund_id, state__in=list(expected))
        .using_db(conn)
        .update(state=target, **changes)
    )
    return won == 1


async def unsettled_refunds(limit: int) -> list[Refund]:
    states = [RefundState.REQUESTED, RefundState.PROCESSING]
    return await Refund.filter(state__in=states).order_by("id").limit(limit)


async def insert_event(conn: BaseDBAsyncClient | None, **values: Any) -> PaymentEvent:
    return await PaymentEvent.create(using_db=conn, **values)


async def events_of_orders(order_ids: Sequence[int]) -> list[PaymentEvent]:
    return await PaymentEvent.filter(order_id__in=order_ids).order_by("id")


async def record_mismatch(
    bill_date: date,
    channel: PayChannel,
    kind: MismatchKind,
    out_trade_no: str,
    ours: int | None,
    theirs: int | None,
    platform_trade_no: str = "",
) -> None:
    """Once per day, channel, trade and kind: a platform's retries add no rows."""
    await ReconciliationMismatch.get_or_create(
        bill_date=bill_date,
        channel=channel,
        kind=kind,
        out_trade_no=out_trade_no,
        defaults={"our_amount_fen": ours, "their_amount_fen": theirs, "platform_trade_no": platform_trade_no},
    )


async def mismatch_page(request: PageRequest, bill_date: date | None) -> Page[ReconciliationMismatch]:
    query = ReconciliationMismatch.all()
    if bill_date is not None:
        query = query.filter(bill_date=bill_date)
    return await paginate(query, request)


async def insert_order(**values: Any) -> Order:
    return await Order.create(**values)


async def pending_application(order_id: int) -> RefundApplication | None:
    return await RefundApplication.get_or_none(pending_order_id=order_id)


async def application_by_id(application_id: int) -> RefundApplication | None:
    return await RefundApplication.get_or_none(id=application_id)


async def insert_application(**values: Any) -> RefundApplication:
    return await RefundApplication.create(**values)


async def decide_application(
    application_id: int, expected: ApplicationState, target: ApplicationState, **changes: Any
) -> bool:
    """A guarded change of state; a decided application leaves the one-open-per-order key."""
    pending = None if target is not ApplicationState.PENDING else changes.pop("order_id")
    won = await RefundApplication.filter(id=application_id, state=expected).update(
        state=target, pending_order_id=pending, **changes
    )
    return won == 1


async def applications_of_orders(order_ids: Sequence[int]) -> list[RefundApplication]:
    return await RefundApplication.filter(order_id__in=order_ids).order_by("id")


async def pending_application_page(
    request: PageRequest, department_ids: Sequence[int], everything: bool
) -> Page[RefundApplication]:
    query = RefundApplication.filter(state=ApplicationState.PENDING)
    if not everything:
        query = query.filter(order__department_id__in=list(department_ids))
    return await paginate(query, request)
