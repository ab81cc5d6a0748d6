"""Every job the workers run, with its schedule. Deploy files are checked against this list
(``tests/deploy``): a job added here must be added to ``deploy/`` too."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from luojiang.core.catalogue.changes import ANNOUNCE_JOB
from luojiang.core.outbox.writer import DELIVER_JOB, SWEEP_JOB
from luojiang.core.tourism.qr_images import GENERATE_AREA_CODES
from luojiang.workers import applications, catalogue, notifications, outbox, payments, tourism
from luojiang.workers.resources import Resources

JobFunction = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class JobSpec:
    name: str
    function: JobFunction  # called as ``function(resources, **arguments)``
    # cron expressions (UTC); taskiq's scheduler sends the job at each one
    schedules: tuple[str, ...] = ()
    max_attempts: int | None = None  # None: the JOBS_MAX_ATTEMPTS setting


ANNOUNCE_CATALOGUE_CHANGE = ANNOUNCE_JOB
GENERATE_GUIDE_CODE = "tourism.generate_guide_code"

JOBS: tuple[JobSpec, ...] = (
    # every committed catalogue change queues it (navigation_wiring); the schedule is the backstop
    JobSpec(ANNOUNCE_CATALOGUE_CHANGE, catalogue.announce_catalogue_change, schedules=("*/10 * * * *",)),
    JobSpec(GENERATE_GUIDE_CODE, tourism.generate_guide_code_job),
    JobSpec(GENERATE_AREA_CODES, tourism.generate_area_codes_job),
    JobSpec("tourism.flush_guide_scans", tourism.flush_scans_job, schedules=("*/5 * * * *",)),
    # payments are only pending three minutes before they are queried (payments.py)
    JobSpec("payments.recover_lost_payments", payments.recover_lost_payments_job, schedules=("*/2 * * * *",)),
    JobSpec("payments.expire_unpaid_orders", payments.expire_unpaid_orders_job, schedules=("*/5 * * * *",)),
    JobSpec("payments.settle_refunds", payments.settle_refunds_job, schedules=("*/5 * * * *",)),
    # 10:30 Beijing (02:30 UTC): WeChat Pay and Alipay publish yesterday's bills after 10:00
    JobSpec("payments.reconcile_bills", payments.reconcile_bills_job, schedules=("30 2 * * *",)),
    # queued after each commit that writes to the outbox; the sweep retries, and recovers what a
    # killed worker or a lost enqueue left (outbox.py)
    JobSpec(DELIVER_JOB, outbox.deliver_job),
    JobSpec(SWEEP_JOB, outbox.sweep_job, schedules=("* * * * *",)),
    # 09:00 Beijing: holders hear of a licence 30 and 7 days before it expires
    JobSpec(
        "notifications.remind_expiring_licences",
        notifications.remind_expiring_licences_job,
        schedules=("0 1 * * *",),
    ),
    # 08:30 and 13:30 Beijing on every day (the job itself counts working days)
    JobSpec(
        applications.REMIND_DEADLINES,
        applications.remind_deadlines_job,
        schedules=("30 0 * * *", "30 5 * * *"),
    ),
)


def bind(spec: JobSpec, resources: Resources) -> JobFunction:
    async def run(**arguments: Any) -> Any:
        return await spec.function(resources, **arguments)

    run.__name__ = spec.function.__name__
    return run
