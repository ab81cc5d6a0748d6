"""What a job may use: built once per process (the gateway in embedded mode, or a worker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import redis.asyncio as aioredis

from luojiang.core.applications.ports import CaseEvents
from luojiang.core.events import Broadcaster
from luojiang.core.jobs import JobQueue, JSONScalar
from luojiang.core.settings import Settings

if TYPE_CHECKING:
    from luojiang.core.notifications.service import NotificationService
    from luojiang.core.outbox.delivery import OutboxDelivery
    from luojiang.core.payments.sweeps import PaymentSweeps
    from luojiang.workers.tourism import TourismDeps


class EngineQueue:
    """The job queue of the engine these resources are given to: jobs that queue more jobs are
    built before their engine exists, which binds itself here (``JobEngine.__init__``)."""

    def __init__(self) -> None:
        self._engine: JobQueue | None = None

    def bind(self, engine: JobQueue) -> None:
        self._engine = engine

    async def enqueue(self, job: str, /, *, job_id: str | None = None, **arguments: JSONScalar) -> str:
        if self._engine is None:
            raise LookupError("these resources were given to no job engine")
        return await self._engine.enqueue(job, job_id=job_id, **arguments)


@dataclass(frozen=True)
class Resources:
    settings: Settings
    redis: aioredis.Redis
    # built by the application's wiring (adapters live there); None where a process has none
    tourism: TourismDeps | None = None
    payments: PaymentSweeps | None = None
    outbox: OutboxDelivery | None = None
    notifications: NotificationService | None = None
    queue: EngineQueue = field(default_factory=EngineQueue)
    # who hears of deadline reminders: the outbox's CaseEvents (notifications to staff)
    case_events: CaseEvents | None = None

    @property
    def broadcaster(self) -> Broadcaster:
        return Broadcaster(self.redis)

    def tourism_deps(self) -> TourismDeps:
        if self.tourism is None:
            raise LookupError("this process was built without the tourism job dependencies")
        return self.tourism

    def outbox_delivery(self) -> OutboxDelivery:
        if self.outbox is None:
            raise LookupError("this process was built without the outbox's destinations")
        return self.outbox

    def case_event_receiver(self) -> CaseEvents:
        if self.case_events is None:
            raise LookupError("this process was built without the case events' receiver")
        return self.case_events

    def notification_service(self) -> NotificationService:
        if self.notifications is None:
            raise LookupError("this process was built without the notifications service")
        return self.notifications

    def payment_sweeps(self) -> PaymentSweeps:
        if self.payments is None:
            raise LookupError("this process was built without the payment services")
        return self.payments
