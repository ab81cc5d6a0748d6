"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx

from luojiang.adapters.alipay_qr.client import AlipayCodeMaker
from luojiang.adapters.alipay_qr.signing import load_private_key, load_public_key
from luojiang.adapters.http import platform_client
from luojiang.adapters.wechat_qr.client import WeChatCodeMaker
from luojiang.api.services import Services
from luojiang.app.logins import build_login_ports
from luojiang.app.payments_wiring import build_payments
from luojiang.core.cache import create_redis
from luojiang.core.identity.service import build_identity
from luojiang.core.settings import Settings
from luojiang.core.storage.local import LocalStorage
from luojiang.core.tourism.ports import AccessTokenSource, CodeMaker
from luojiang.core.tourism.qr import UrlCodeMaker
from luojiang.workers.tourism import TourismDeps


def build_services(settings: Settings, http_transport: httpx.AsyncBaseTransport | None = None) -> Services:
    """``http_transport`` replaces the network for every outside platform (tests pass their fakes)."""
    # httpx logs every URL at INFO, and platform URLs carry codes, secrets and tokens in the query
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    redis = create_redis(settings)
    http = platform_client(http_transport)
    payments = build_payments(settings, redis, http)
    return Services(
        settings=settings,
        redis=redis,
        platform_http=http,
        identity=build_identity(settings, redis, build_login_ports(settings, redis, http)),
        storage=build_storage(settings),
        payments=payments.payments,
        refunds=payments.refunds,
        payment_notifications=payments.desk,
    )


def build_storage(settings: Settings) -> LocalStorage:
    return LocalStorage(Path(settings.storage_local_root), settings.public_base_url)


async def close_services(services: Services) -> None:
    await services.redis.aclose()
    await services.platform_http.aclose()


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
