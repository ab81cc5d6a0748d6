"""Order queries: a payer sees their own orders, staff their department's, administrators all."""

from __future__ import annotations

from datetime import date

import strawberry

from luojiang.api.context import Info
from luojiang.api.payments.types import Order, ReconciliationMismatch, RefundApplication
from luojiang.api.payments.viewer import actor_of
from luojiang.api.relay import Before, Connection, FirstOrNone, Last
from luojiang.core.pagination import PageRequest


@strawberry.type
class PaymentQueries:
    @strawberry.field(description="Orders the caller may see, oldest first; last: N gives the newest N.")
    async def orders(
        self,
        info: Info,
        first: FirstOrNone = None,
        after: str | None = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Order]:
        request = PageRequest(first=first, after=after, last=last, before=before)
        page = await info.context.services.payments.orders(actor_of(info), request)
        return Connection.from_page(page, Order.from_model)

    @strawberry.field(
        description="Differences found by the daily reconciliation, oldest first (administrators only)."
    )
    async def payment_mismatches(
        self,
        info: Info,
        first: FirstOrNone = None,
        after: str | None = None,
        last: Last = None,
        before: Before = None,
        bill_date: date | None = None,
    ) -> Connection[ReconciliationMismatch]:
        request = PageRequest(first=first, after=after, last=last, before=before)
        page = await info.context.services.payments.mismatches(actor_of(info), request, bill_date)
        return Connection.from_page(page, ReconciliationMismatch.from_model)

    @strawberry.field(
        description="Refund requests waiting for a decision, oldest first (staff: their departments'; "
        "administrators: all)."
    )
    async def pending_refund_applications(
        self,
        info: Info,
        first: FirstOrNone = None,
        after: str | None = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[RefundApplication]:
        request = PageRequest(first=first, after=after, last=last, before=before)
        page = await info.context.services.refund_applications.pending(actor_of(info), request)
        return Connection.from_page(page, RefundApplication.from_model)
