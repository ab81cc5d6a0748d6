"""What a job may use: built once per process (the gateway in embedded mode, or a worker)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import redis.asyncio as aioredis

from luojiang.core.events import Broadcaster
from luojiang.core.settings import Settings

if TYPE_CHECKING:
    from luojiang.core.payments.sweeps import PaymentSweeps
    from luojiang.workers.tourism import TourismDeps


@dataclass(frozen=True)
class Resources:
    settings: Settings
    redis: aioredis.Redis
    # built by the application's wiring (adapters live there); None where a process has none
    tourism: TourismDeps | None = None
    payments: PaymentSweeps | None = None

    @property
    def broadcaster(self) -> Broadcaster:
        return Broadcaster(self.redis)

    def tourism_deps(self) -> TourismDeps:
        if self.tourism is None:
            raise LookupError("this process was built without the tourism job dependencies")
        return self.tourism

    def payment_sweeps(self) -> PaymentSweeps:
        if self.payments is None:
            raise LookupError("this process was built without the payment services")
        return self.payments
