"""Payment jobs (DESIGN 2.6, 2.8): async functions over the payment sweeps rules, registered in
``registry.JOBS`` through their ``*_job`` entry points.

Each job carries no state of its own (at most a day), re-reads everything, and is safe to run
twice or on two workers at once: the guarded updates of the payments area make the second run a
no-op.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from luojiang.core.payments.sweeps import PaymentSweeps
from luojiang.workers.resources import Resources

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def recover_lost_payments(sweeps: PaymentSweeps) -> dict[str, int]:
    """Query the platforms about payments still pending after three minutes."""
    return (await sweeps.recover_pending(older_than=timedelta(minutes=3))).counts


async def expire_unpaid_orders(sweeps: PaymentSweeps) -> dict[str, int]:
    return (await sweeps.expire_orders()).counts


async def settle_refunds(sweeps: PaymentSweeps) -> dict[str, int]:
    return (await sweeps.settle_refunds()).counts


async def reconcile_bills(sweeps: PaymentSweeps, day: str | None = None) -> dict[str, int]:
    """Yesterday's bills by default: both platforms publish them after 10:00 the next day."""
    bill_day = date.fromisoformat(day) if day else datetime.now(SHANGHAI).date() - timedelta(days=1)
    return (await sweeps.reconcile(bill_day)).counts


# the job engine's entry points (registry.JOBS)


async def recover_lost_payments_job(resources: Resources) -> dict[str, int]:
    return await recover_lost_payments(resources.payment_sweeps())


async def expire_unpaid_orders_job(resources: Resources) -> dict[str, int]:
    return await expire_unpaid_orders(resources.payment_sweeps())


async def settle_refunds_job(resources: Resources) -> dict[str, int]:
    return await settle_refunds(resources.payment_sweeps())


async def reconcile_bills_job(resources: Resources, day: str | None = None) -> dict[str, int]:
    return await reconcile_bills(resources.payment_sweeps(), day)
