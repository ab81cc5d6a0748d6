"""Wiring of tourism: the service the GraphQL layer and the web pages call, and what its jobs use
(the QR code makers the settings configure; a platform without settings makes no codes)."""

from __future__ import annotations

import httpx
import redis.asyncio as aioredis

from luojiang.adapters.alipay.gateway import AlipayGateway
from luojiang.adapters.alipay_qr.client import AlipayCodeMaker
from luojiang.adapters.wechat.access_token import StableAccessToken
from luojiang.adapters.wechat_qr.client import WeChatCodeMaker
from luojiang.app.platforms import alipay_keys
from luojiang.core.catalogue.service import CatalogueService
from luojiang.core.jobs import JobQueue
from luojiang.core.settings import Settings
from luojiang.core.storage.ports import Storage
from luojiang.core.tourism.edits import ContentChanges
from luojiang.core.tourism.ports import AccessTokenSource, CodeMaker
from luojiang.core.tourism.qr import UrlCodeMaker
from luojiang.core.tourism.scans import ScanCounter
from luojiang.core.tourism.service import TourismService
from luojiang.workers.tourism import TourismDeps


def build_tourism(
    catalogue: CatalogueService, redis: aioredis.Redis, storage: Storage, jobs: JobQueue
) -> TourismService:
    # tourism edits announce themselves as catalogue changes do: cache, search, other instances
    changes = ContentChanges(announce=catalogue.changed)
    return TourismService(
        changes=changes, redis=redis, storage=storage, jobs=jobs, scan_counter=ScanCounter(redis)
    )


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
