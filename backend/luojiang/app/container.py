"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

from pathlib import Path

import httpx

from luojiang.adapters.alipay_qr.client import AlipayCodeMaker
from luojiang.adapters.alipay_qr.signing import load_private_key, load_public_key
from luojiang.adapters.s3_storage.store import S3Storage
from luojiang.adapters.wechat_qr.client import WeChatCodeMaker
from luojiang.api.services import Services
from luojiang.app.logins import build_login_ports
from luojiang.core.cache import create_redis
from luojiang.core.identity.service import build_identity
from luojiang.core.settings import Settings, SettingsError
from luojiang.core.storage.local import LocalStorage
from luojiang.core.storage.ports import Storage
from luojiang.core.tourism.ports import AccessTokenSource, CodeMaker
from luojiang.core.tourism.qr import UrlCodeMaker
from luojiang.workers.tourism import TourismDeps


def build_services(settings: Settings, http_transport: httpx.AsyncBaseTransport | None = None) -> Services:
    """``http_transport`` replaces the network for every outside platform (tests pass their fakes)."""
    redis = create_redis(settings)
    return Services(
        settings=settings,
        redis=redis,
        identity=build_identity(settings, redis, build_login_ports(settings, redis, http_transport)),
        storage=build_storage(settings),
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


async def close_services(services: Services) -> None:
    await services.redis.aclose()


def tourism_job_deps(
    settings: Settings,
    services: Services,
    http: httpx.AsyncClient,
    wechat_tokens: AccessTokenSource | None = None,
) -> TourismDeps:
    """What the tourism jobs need: the code makers that settings configure. WeChat codes need the
    shared access token source (the identity area's stable_token client) passed in."""
    makers: dict[str, CodeMaker] = {"url": UrlCodeMaker()}
    if wechat_tokens is not None:
        makers["wechat"] = WeChatCodeMaker(
            http,
            settings.wechat_api_base,
            wechat_tokens,
            page=settings.wechat_guide_page,
            env_version=settings.wechat_code_env_version,
        )
    if settings.alipay_app_id and settings.alipay_public_key and settings.alipay_private_key:
        makers["alipay"] = AlipayCodeMaker(
            http,
            settings.alipay_gateway_url,
            settings.alipay_app_id,
            load_private_key(settings.alipay_private_key.get_secret_value()),
            load_public_key(settings.alipay_public_key),
            page=settings.alipay_guide_page,
        )
    return TourismDeps(
        redis=services.redis,
        storage=services.storage,
        code_makers=makers,
        public_base_url=settings.public_base_url,
    )


def platform_http_client() -> httpx.AsyncClient:
    """One hardened client for outside platforms: bounded timeouts, never follows redirects."""
    return httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=5.0), follow_redirects=False)
