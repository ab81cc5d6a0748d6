"""Wiring of the outbox: its destinations (one handler each) and the applications' CaseEvents port
that writes to it. A destination whose platform is not configured is not written to at all."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from luojiang.core.jobs import JobQueue
from luojiang.core.licences.case_events import LicenceFromCase, produces_licence
from luojiang.core.licences.service import LicenceService
from luojiang.core.outbox.case_events import CaseFilter, OutboxCaseEvents
from luojiang.core.outbox.delivery import OutboxDelivery, RetryPolicy
from luojiang.core.outbox.ports import Handler
from luojiang.core.outbox.writer import OutboxWriter
from luojiang.core.settings import Settings

ISSUE_LICENCE = "licences.issue_from_case"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def case_handlers(licences: LicenceService) -> dict[str, Handler]:
    return {ISSUE_LICENCE: LicenceFromCase(licences)}


def case_filters() -> dict[str, CaseFilter]:
    return {ISSUE_LICENCE: produces_licence}


def build_outbox_delivery(
    settings: Settings, handlers: Mapping[str, Handler], jobs: JobQueue, clock: Clock = utc_now
) -> OutboxDelivery:
    return OutboxDelivery(
        handlers=handlers,
        jobs=jobs,
        clock=clock,
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        retry=RetryPolicy(
            base=timedelta(seconds=settings.outbox_retry_base_seconds),
            ceiling=timedelta(seconds=settings.outbox_retry_max_seconds),
            max_attempts=settings.outbox_max_attempts,
        ),
    )


def build_case_events(jobs: JobQueue, clock: Clock = utc_now) -> OutboxCaseEvents:
    return OutboxCaseEvents(writer=OutboxWriter(jobs=jobs, clock=clock), case_destinations=case_filters())
