"""Wiring of notifications: a sender per configured channel (a platform without settings sends
nothing, and its people are told by another channel), assembled into the NotificationService."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import httpx
import redis.asyncio as aioredis
from starlette.routing import Route

from luojiang.adapters.alipay.gateway import AlipayGateway
from luojiang.adapters.alipay.template_message import AlipayTemplateSender
from luojiang.adapters.sms.gateway import HttpSmsSender
from luojiang.adapters.wechat.access_token import StableAccessToken
from luojiang.adapters.wechat.subscribe import WeChatSubscribeSender
from luojiang.app.platforms import alipay_keys
from luojiang.app.web.sms_receipts import sms_receipt_routes
from luojiang.core.identity.personal import PersonalData
from luojiang.core.jobs import JobQueue
from luojiang.core.notifications.models import MessageChannel
from luojiang.core.notifications.ports import MessageSender
from luojiang.core.notifications.service import NotificationService
from luojiang.core.outbox.writer import OutboxWriter
from luojiang.core.settings import Settings


def build_notifications(
    settings: Settings,
    redis: aioredis.Redis,
    http: httpx.AsyncClient,
    personal: PersonalData,
    jobs: JobQueue,
    clock: Callable[[], datetime],
) -> NotificationService:
    return NotificationService(
        senders=message_senders(settings, redis, http),
        personal=personal,
        writer=OutboxWriter(jobs=jobs, clock=clock),
        clock=clock,
        app_ids={MessageChannel.WECHAT: settings.wechat_appid, MessageChannel.ALIPAY: settings.alipay_app_id},
        page=settings.message_page,
    )


def message_senders(
    settings: Settings, redis: aioredis.Redis, http: httpx.AsyncClient
) -> dict[MessageChannel, MessageSender]:
    senders: dict[MessageChannel, MessageSender] = {}
    if settings.wechat_appid and settings.wechat_secret and settings.wechat_message_templates:
        base = settings.wechat_api_base.rstrip("/")
        tokens = StableAccessToken(
            http=http,
            redis=redis,
            api_base=base,
            app_id=settings.wechat_appid,
            secret=settings.wechat_secret.get_secret_value(),
        )
        senders[MessageChannel.WECHAT] = WeChatSubscribeSender(
            http=http,
            tokens=tokens,
            api_base=base,
            templates=settings.wechat_message_templates,
            state=settings.wechat_message_state,
        )
    keys = alipay_keys(settings)
    if keys is not None and settings.alipay_app_id and settings.alipay_message_templates:
        gateway = AlipayGateway(
            http=http, gateway_url=settings.alipay_gateway_url, app_id=settings.alipay_app_id, keys=keys
        )
        senders[MessageChannel.ALIPAY] = AlipayTemplateSender(gateway, settings.alipay_message_templates)
    if settings.sms_api_base and settings.sms_api_key:
        senders[MessageChannel.SMS] = HttpSmsSender(
            http, settings.sms_api_base.rstrip("/"), settings.sms_api_key.get_secret_value()
        )
    return senders


def notification_receipt_routes(
    settings: Settings, service: NotificationService, redis: aioredis.Redis
) -> list[Route]:
    """The providers' delivery-report callbacks, for the providers configured."""
    if not (settings.sms_api_base and settings.sms_api_key):
        return []
    return sms_receipt_routes(service, redis, settings.sms_api_key.get_secret_value())
