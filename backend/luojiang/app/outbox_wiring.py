"""Wiring of the outbox: its destinations (one handler each) and the applications' CaseEvents port
that writes to it. A destination whose platform is not configured is not written to at all."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

import httpx

from luojiang.adapters.tianfu.cases import TianfuCaseSync
from luojiang.core.casesync.handler import CaseSyncHandler
from luojiang.core.jobs import JobQueue
from luojiang.core.licences.case_events import LicenceFromCase, produces_licence
from luojiang.core.licences.service import LicenceService
from luojiang.core.notifications.service import SEND_DESTINATION, NotificationService
from luojiang.core.outbox.case_events import CaseFilter, OutboxCaseEvents, every_event
from luojiang.core.outbox.delivery import OutboxDelivery, RetryPolicy
from luojiang.core.outbox.ports import Handler
from luojiang.core.outbox.writer import OutboxWriter
from luojiang.core.settings import Settings

ISSUE_LICENCE = "licences.issue_from_case"
TIANFU_CASE_SYNC = "tianfu.case_sync"
NOTIFY_APPLICANT = "notifications.case_event"
NOTIFY_STAFF = "notifications.deadline_reminder"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def case_handlers(
    settings: Settings, http: httpx.AsyncClient, licences: LicenceService, notifications: NotificationService
) -> dict[str, Handler]:
    handlers: dict[str, Handler] = {
        ISSUE_LICENCE: LicenceFromCase(licences),
        NOTIFY_APPLICANT: notifications.on_case_event,
        NOTIFY_STAFF: notifications.on_reminder,
        SEND_DESTINATION: notifications.send,
    }
    tianfu = tianfu_case_sync(settings, http)
    if tianfu is not None:
        handlers[TIANFU_CASE_SYNC] = CaseSyncHandler(tianfu)
    return handlers


def case_filters(settings: Settings) -> dict[str, CaseFilter]:
    filters: dict[str, CaseFilter] = {ISSUE_LICENCE: produces_licence, NOTIFY_APPLICANT: every_event}
    if tianfu_configured(settings):
        filters[TIANFU_CASE_SYNC] = every_event
    return filters


def tianfu_configured(settings: Settings) -> bool:
    return bool(settings.tftb_case_api_base and settings.tftb_app_id and settings.tftb_app_secret)


def tianfu_case_sync(settings: Settings, http: httpx.AsyncClient) -> TianfuCaseSync | None:
    if not tianfu_configured(settings) or settings.tftb_app_secret is None:
        return None
    return TianfuCaseSync(
        http=http,
        api_base=settings.tftb_case_api_base.rstrip("/"),
        app_id=settings.tftb_app_id,
        secret=settings.tftb_app_secret.get_secret_value(),
    )


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


def build_case_events(settings: Settings, jobs: JobQueue, clock: Clock = utc_now) -> OutboxCaseEvents:
    return OutboxCaseEvents(
        writer=OutboxWriter(jobs=jobs, clock=clock),
        case_destinations=case_filters(settings),
        reminder_destinations=(NOTIFY_STAFF,),
    )
