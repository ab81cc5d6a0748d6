"""What the GraphQL layer may call: the domain services, built once by the application's wiring."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import redis.asyncio as aioredis

from luojiang.core.applications.service import ApplicationService
from luojiang.core.catalogue.service import CatalogueService
from luojiang.core.identity.service import IdentityService
from luojiang.core.jobs import JobQueue
from luojiang.core.licences.reuse import HeldLicences
from luojiang.core.licences.service import LicenceService
from luojiang.core.maps.service import MapService
from luojiang.core.notifications.service import NotificationService
from luojiang.core.payments.notifications import NotificationDesk
from luojiang.core.payments.refund_applications import RefundApplications
from luojiang.core.payments.refunds import RefundService
from luojiang.core.payments.service import PaymentService
from luojiang.core.search.service import SearchService
from luojiang.core.settings import Settings
from luojiang.core.storage.ports import Storage
from luojiang.core.tags.service import TagService
from luojiang.core.tourism.service import TourismService


@dataclass(frozen=True)
class Services:
    settings: Settings
    redis: aioredis.Redis
    jobs: JobQueue
    platform_http: httpx.AsyncClient  # the hardened client every outside platform call goes through
    identity: IdentityService
    storage: Storage
    payments: PaymentService
    refunds: RefundService
    refund_applications: RefundApplications
    payment_notifications: NotificationDesk
    catalogue: CatalogueService
    search: SearchService
    maps: MapService
    tags: TagService
    tourism: TourismService
    licences: LicenceService
    licence_reuse: HeldLicences  # the catalogue's LicenceWallet and the applications' LicenceReuse
    notifications: NotificationService
    applications: ApplicationService
