"""Builds the payment platforms from settings and serves their notification routes.

A channel whose keys are not set is simply not offered (``CHANNEL_UNAVAILABLE``); nothing is
chosen at import time. The notification routes are plain HTTP: each platform gets the reply it
expects (WeChat Pay: 204, or 4xx/5xx with a FAIL JSON; Alipay: the literal ``success``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import redis.asyncio as aioredis
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from luojiang.adapters.alipay.gateway import AlipayGateway
from luojiang.adapters.alipay_pay.config import AlipayPayConfig
from luojiang.adapters.alipay_pay.notify import AlipayNotifications
from luojiang.adapters.alipay_pay.provider import AlipayPayProvider
from luojiang.adapters.wechatpay.config import WeChatPayConfig
from luojiang.adapters.wechatpay.notify import WeChatPayNotifications
from luojiang.adapters.wechatpay.provider import WeChatPayProvider
from luojiang.app.platforms import alipay_keys
from luojiang.core.payments.models import PayChannel
from luojiang.core.payments.notifications import NotificationDesk, Receipt
from luojiang.core.payments.ports import NotificationVerifier, PaymentProvider
from luojiang.core.payments.prices import CataloguePriceList
from luojiang.core.payments.refunds import RefundService
from luojiang.core.payments.service import PaymentService
from luojiang.core.settings import Settings


@dataclass(frozen=True)
class Payments:
    payments: PaymentService
    refunds: RefundService
    desk: NotificationDesk


def build_payments(settings: Settings, redis: aioredis.Redis, http: httpx.AsyncClient) -> Payments:
    providers: dict[PayChannel, PaymentProvider] = {}
    verifiers: dict[PayChannel, NotificationVerifier] = {}
    wechat = wechatpay_config(settings)
    if wechat is not None:
        providers[PayChannel.WECHATPAY] = WeChatPayProvider(wechat, http)
        verifiers[PayChannel.WECHATPAY] = WeChatPayNotifications(wechat, redis)
    alipay, keys = alipay_config(settings), alipay_keys(settings)
    if alipay is not None and keys is not None:
        gateway = AlipayGateway(
            http=http, gateway_url=settings.alipay_gateway_url, app_id=alipay.app_id, keys=keys
        )
        providers[PayChannel.ALIPAY] = AlipayPayProvider(alipay, gateway)
        verifiers[PayChannel.ALIPAY] = AlipayNotifications(alipay, keys.alipay_public_key)
    payments = PaymentService(
        providers,
        CataloguePriceList(),
        clock=lambda: datetime.now(UTC),
        order_ttl=timedelta(minutes=settings.payment_order_ttl_minutes),
    )
    refunds = RefundService(payments)
    return Payments(payments, refunds, NotificationDesk(verifiers, payments, refunds))


def wechatpay_config(settings: Settings) -> WeChatPayConfig | None:
    if not (
        settings.wechatpay_private_key and settings.wechatpay_apiv3_key and settings.wechatpay_public_key
    ):
        return None
    return WeChatPayConfig(
        api_base=settings.wechatpay_api_base,
        mchid=settings.wechatpay_mchid,
        appid=settings.wechatpay_appid,
        merchant_serial=settings.wechatpay_merchant_serial,
        merchant_private_key_pem=settings.wechatpay_private_key.get_secret_value(),
        public_key_id=settings.wechatpay_public_key_id,
        public_key_pem=settings.wechatpay_public_key,
        apiv3_key=settings.wechatpay_apiv3_key.get_secret_value(),
        notify_url=f"{settings.public_base_url.rstrip('/')}/notify/wechatpay",
        notify_window_seconds=settings.payment_notify_window_seconds,
        app_appid=settings.wechatpay_app_appid,
    )


def alipay_config(settings: Settings) -> AlipayPayConfig | None:
    """The keys (key or certificate mode) are the login's: one mini-program app for both."""
    if not settings.alipay_app_id:
        return None
    return AlipayPayConfig(
        app_id=settings.alipay_app_id,
        seller_id=settings.alipay_seller_id,
        notify_url=f"{settings.public_base_url.rstrip('/')}/notify/alipay",
        notify_window_seconds=settings.payment_notify_window_seconds,
    )


def notification_routes(desk: NotificationDesk) -> list[Route]:
    async def wechatpay(request: Request) -> Response:
        receipt = await desk.receive(PayChannel.WECHATPAY, request.headers, await request.body())
        if receipt is Receipt.ACCEPTED:
            return Response(status_code=204)
        status = {Receipt.REJECTED: 401, Receipt.MISMATCH: 400, Receipt.RETRY: 500}[receipt]
        return JSONResponse({"code": "FAIL", "message": "失败"}, status_code=status)

    async def alipay(request: Request) -> Response:
        receipt = await desk.receive(PayChannel.ALIPAY, request.headers, await request.body())
        return PlainTextResponse("success" if receipt is Receipt.ACCEPTED else "fail")

    return [
        Route("/notify/wechatpay", wechatpay, methods=["POST"]),
        Route("/notify/alipay", alipay, methods=["POST"]),
    ]
