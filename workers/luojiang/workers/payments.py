"""Payment jobs (DESIGN 2.6, 2.8): plain async functions over the payment upkeep rules, and a
thin registration for the job engine.

Each job carries no state of its own (at most a day), re-reads everything, and is safe to run
twice or on two workers at once: the guarded updates of the payments area make the second run a
no-op. The schedules are cron expressions in Asia/Shanghai time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from luojiang.core.payments.upkeep import PaymentUpkeep

SHANGHAI = ZoneInfo("Asia/Shanghai")

UpkeepFactory = Callable[[], Awaitable[PaymentUpkeep]]


async def recover_lost_payments(upkeep: PaymentUpkeep) -> dict[str, int]:
    """Query the platforms about payments still pending after three minutes."""
    return (await upkeep.recover_pending(older_than=timedelta(minutes=3))).counts


async def expire_unpaid_orders(upkeep: PaymentUpkeep) -> dict[str, int]:
    return (await upkeep.expire_orders()).counts


async def settle_refunds(upkeep: PaymentUpkeep) -> dict[str, int]:
    return (await upkeep.settle_refunds()).counts


async def reconcile_bills(upkeep: PaymentUpkeep, day: str | None = None) -> dict[str, int]:
    """Yesterday's bills by default: both platforms publish them after 10:00 the next day."""
    bill_day = date.fromisoformat(day) if day else datetime.now(SHANGHAI).date() - timedelta(days=1)
    return (await upkeep.reconcile(bill_day)).counts


SCHEDULES: dict[str, tuple[Callable[..., Awaitable[dict[str, int]]], str]] = {
    "payments.recover_lost_payments": (recover_lost_payments, "*/2 * * * *"),
    "payments.expire_unpaid_orders": (expire_unpaid_orders, "*/5 * * * *"),
    "payments.settle_refunds": (settle_refunds, "*/5 * * * *"),
    "payments.reconcile_bills": (reconcile_bills, "30 10 * * *"),
}


def register(broker: Any, upkeep: UpkeepFactory) -> dict[str, Any]:
    """Declare the jobs on a taskiq broker; ``upkeep`` builds the services in the worker process.

    (Thin on purpose: adapted to the shared job engine once it is on main.)
    """
    tasks: dict[str, Any] = {}
    for name, (job, cron) in SCHEDULES.items():

        async def run(*args: str, _job: Callable[..., Awaitable[dict[str, int]]] = job) -> dict[str, int]:
            return await _job(await upkeep(), *args)

        schedule = [{"cron": cron, "cron_offset": "Asia/Shanghai"}]
        tasks[name] = broker.task(task_name=name, schedule=schedule)(run)
    return tasks
