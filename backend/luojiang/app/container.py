"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import redis.asyncio as aioredis

from luojiang.adapters.http import platform_client
from luojiang.adapters.s3_storage.store import S3Storage
from luojiang.api.services import Services
from luojiang.app.applications_wiring import build_applications
from luojiang.app.identity_wiring import build_identity
from luojiang.app.licences_wiring import build_licences, personal_data
from luojiang.app.navigation_wiring import build_navigation
from luojiang.app.notifications_wiring import build_notifications
from luojiang.app.outbox_wiring import build_case_events, build_outbox_delivery, case_handlers, utc_now
from luojiang.app.payments_wiring import Payments, build_payments
from luojiang.app.tourism_wiring import build_tourism, build_tourism_deps
from luojiang.core.cache import create_redis
from luojiang.core.licences.service import LicenceService
from luojiang.core.payments.refund_applications import RefundApplications
from luojiang.core.payments.sweeps import PaymentSweeps
from luojiang.core.settings import Settings, SettingsError
from luojiang.core.storage.local import LocalStorage
from luojiang.core.storage.ports import Storage
from luojiang.workers.engine import JobEngine
from luojiang.workers.resources import EngineQueue, Resources


def build_services(settings: Settings, http_transport: httpx.AsyncBaseTransport | None = None) -> Services:
    """The stores every area shares, then each area from its ``app/<area>_wiring.py``.
    ``http_transport`` replaces the network for every outside platform (tests pass their fakes)."""
    # httpx logs every URL at INFO, and platform URLs carry codes, secrets and tokens in the query
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    redis = create_redis(settings)
    http = platform_client(http_transport)
    payments = build_payments(settings, redis, http)
    storage = build_storage(settings)
    identity = build_identity(settings, redis, http)
    licences = build_licences(settings, identity.personal)
    jobs = JobEngine(settings, job_resources(settings, redis, http, storage, payments, licences.service))
    notifications = build_notifications(settings, redis, http, identity.personal, jobs, utc_now)
    navigation = build_navigation(
        redis, jobs, settings.search_hot_min_people, wallet=licences.reuse, more_sections=licences.sections
    )
    applications = build_applications(
        redis,
        storage,
        identity.personal.cipher,
        licences.reuse,
        navigation.catalogue,
        events=build_case_events(settings, jobs, utc_now),
    )
    return Services(
        settings=settings,
        redis=redis,
        platform_http=http,
        identity=identity,
        storage=storage,
        payments=payments.payments,
        refunds=payments.refunds,
        refund_applications=RefundApplications(payments.refunds),
        payment_notifications=payments.desk,
        jobs=jobs,
        catalogue=navigation.catalogue,
        search=navigation.search,
        maps=navigation.maps,
        tags=navigation.tags,
        tourism=build_tourism(navigation.catalogue, redis, storage, jobs),
        licences=licences.service,
        licence_reuse=licences.reuse,
        notifications=notifications,
        applications=applications,
    )


def job_resources(
    settings: Settings,
    redis: aioredis.Redis,
    http: httpx.AsyncClient,
    storage: Storage | None = None,
    payments: Payments | None = None,
    licences: LicenceService | None = None,
) -> Resources:
    """What jobs use, in the gateway (embedded mode) and in worker processes alike."""
    payments = payments or build_payments(settings, redis, http)
    personal = personal_data(settings)
    licences = licences or build_licences(settings, personal).service
    queue = EngineQueue()
    notifications = build_notifications(settings, redis, http, personal, queue, utc_now)
    return Resources(
        settings=settings,
        redis=redis,
        tourism=build_tourism_deps(settings, redis, storage or build_storage(settings), http),
        payments=PaymentSweeps(payments.payments, payments.refunds),
        outbox=build_outbox_delivery(settings, case_handlers(settings, http, licences, notifications), queue),
        notifications=notifications,
        case_events=build_case_events(settings, queue, utc_now),
        queue=queue,
    )


def build_storage(settings: Settings) -> Storage:
    if settings.storage_backend == "s3":
        if not (settings.s3_bucket and settings.s3_public_base_url and settings.s3_secret_access_key):
            raise SettingsError(
                "STORAGE_BACKEND=s3 needs S3_BUCKET, S3_PUBLIC_BASE_URL and S3_SECRET_ACCESS_KEY"
            )
        return S3Storage(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key.get_secret_value(),
            public_base_url=settings.s3_public_base_url,
            max_age_seconds=settings.media_max_age_seconds,
        )
    return LocalStorage(Path(settings.storage_local_root), settings.public_base_url)


async def start_services(services: Services) -> None:
    await _engine(services).start()


async def close_services(services: Services) -> None:
    await _engine(services).stop()
    await services.redis.aclose()
    await services.platform_http.aclose()


def _engine(services: Services) -> JobEngine:
    assert isinstance(services.jobs, JobEngine)  # noqa: S101 -- built above, in this module
    return services.jobs
