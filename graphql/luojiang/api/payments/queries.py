"""Order queries: a payer sees their own orders, staff their department's, administrators all."""

from __future__ import annotations

from datetime import date

import strawberry

from luojiang.api.context import Info
from luojiang.api.payments.types import Order, ReconciliationMismatch
from luojiang.api.payments.viewer import actor_of
from luojiang.api.relay import Connection, First
from luojiang.core.pagination import PageRequest


@strawberry.type
class PaymentQueries:
    @strawberry.field(description="Orders the caller may see, oldest first.")
    async def orders(self, info: Info, first: First, after: str | None = None) -> Connection[Order]:
        page = await info.context.services.payments.orders(
            actor_of(info), PageRequest(first=first, after=after)
        )
        return Connection.from_page(page, Order.from_model)

    @strawberry.field(description="Differences found by the daily reconciliation (administrators only).")
    async def payment_mismatches(
        self, info: Info, first: First, after: str | None = None, bill_date: date | None = None
    ) -> Connection[ReconciliationMismatch]:
        page = await info.context.services.payments.mismatches(
            actor_of(info), PageRequest(first=first, after=after), bill_date
        )
        return Connection.from_page(page, ReconciliationMismatch.from_model)
