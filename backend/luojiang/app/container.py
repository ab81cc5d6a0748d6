"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import redis.asyncio as aioredis

from luojiang.adapters.alipay.gateway import AlipayGateway
from luojiang.adapters.alipay_qr.client import AlipayCodeMaker
from luojiang.adapters.http import platform_client
from luojiang.adapters.s3_storage.store import S3Storage
from luojiang.adapters.wechat.access_token import StableAccessToken
from luojiang.adapters.wechat_qr.client import WeChatCodeMaker
from luojiang.api.services import Services
from luojiang.app.logins import alipay_keys, build_login_ports
from luojiang.app.navigation_wiring import build_navigation
from luojiang.app.payments_wiring import Payments, build_payments
from luojiang.core.cache import create_redis
from luojiang.core.identity.service import build_identity
from luojiang.core.payments.upkeep import PaymentUpkeep
from luojiang.core.settings import Settings, SettingsError
from luojiang.core.storage.local import LocalStorage
from luojiang.core.storage.ports import Storage
from luojiang.core.tourism.ports import AccessTokenSource, CodeMaker
from luojiang.core.tourism.qr import UrlCodeMaker
from luojiang.workers.engine import JobEngine
from luojiang.workers.resources import Resources
from luojiang.workers.tourism import TourismDeps


def build_services(settings: Settings, http_transport: httpx.AsyncBaseTransport | None = None) -> Services:
    """``http_transport`` replaces the network for every outside platform (tests pass their fakes)."""
    # httpx logs every URL at INFO, and platform URLs carry codes, secrets and tokens in the query
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    redis = create_redis(settings)
    http = platform_client(http_transport)
    payments = build_payments(settings, redis, http)
    storage = build_storage(settings)
    jobs = JobEngine(settings, job_resources(settings, redis, http, storage, payments))
    navigation = build_navigation(redis, jobs, settings.search_hot_min_people)
    return Services(
        settings=settings,
        redis=redis,
        platform_http=http,
        identity=build_identity(settings, redis, build_login_ports(settings, redis, http)),
        storage=storage,
        payments=payments.payments,
        refunds=payments.refunds,
        payment_notifications=payments.desk,
        jobs=jobs,
        catalogue=navigation.catalogue,
        search=navigation.search,
        maps=navigation.maps,
        tags=navigation.tags,
        tourism=navigation.tourism,
    )


def job_resources(
    settings: Settings,
    redis: aioredis.Redis,
    http: httpx.AsyncClient,
    storage: Storage | None = None,
    payments: Payments | None = None,
) -> Resources:
    """What jobs use, in the gateway (embedded mode) and in worker processes alike."""
    payments = payments or build_payments(settings, redis, http)
    return Resources(
        settings=settings,
        redis=redis,
        tourism=build_tourism_deps(settings, redis, storage or build_storage(settings), http),
        payments=PaymentUpkeep(payments.payments, payments.refunds),
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


def tourism_job_deps(
    settings: Settings,
    services: Services,
    http: httpx.AsyncClient,
    wechat_tokens: AccessTokenSource | None = None,
) -> TourismDeps:
    """What the tourism jobs need: the code makers that settings configure. WeChat codes share the
    login's stable_token (through Redis) unless a token source is given."""
    return build_tourism_deps(settings, services.redis, services.storage, http, wechat_tokens)


def build_tourism_deps(
    settings: Settings,
    redis: aioredis.Redis,
    storage: Storage,
    http: httpx.AsyncClient,
    wechat_tokens: AccessTokenSource | None = None,
) -> TourismDeps:
    makers: dict[str, CodeMaker] = {"url": UrlCodeMaker()}
    base = settings.wechat_api_base.rstrip("/")
    if wechat_tokens is None and settings.wechat_appid and settings.wechat_secret:
        wechat_tokens = StableAccessToken(
            http=http,
            redis=redis,
            api_base=base,
            app_id=settings.wechat_appid,
            secret=settings.wechat_secret.get_secret_value(),
        )
    if wechat_tokens is not None:
        makers["wechat"] = WeChatCodeMaker(
            http,
            base,
            wechat_tokens,
            page=settings.wechat_guide_page,
            env_version=settings.wechat_code_env_version,
        )
    keys = alipay_keys(settings)
    if keys is not None and settings.alipay_app_id:
        gateway = AlipayGateway(
            http=http, gateway_url=settings.alipay_gateway_url, app_id=settings.alipay_app_id, keys=keys
        )
        makers["alipay"] = AlipayCodeMaker(gateway, page=settings.alipay_guide_page)
    return TourismDeps(
        redis=redis,
        storage=storage,
        code_makers=makers,
        public_base_url=settings.public_base_url,
    )
