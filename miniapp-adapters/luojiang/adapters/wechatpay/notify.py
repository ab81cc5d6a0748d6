"""WeChat Pay notifications (ref/wechat.md 3.6): signature, serial, timestamp window, nonce
replay, then the AES-256-GCM resource.

wechatpayv3's ``callback`` checks the RSA signature over ``timestamp\\nnonce\\nbody\\n`` with the
key named by ``Wechatpay-Serial`` and decrypts the resource; it checks no timestamp and keeps
no nonces. Both are added here: a timestamp more than the window away from now is stale (the
official Go SDK's 5 minutes), and a nonce seen within twice the window is a replay.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import redis.asyncio as aioredis

# the async client has its own WeChatPayType enum; the top-level one is not equal to it
from wechatpayv3.async_ import AsyncWeChatPay, WeChatPayType

from luojiang.adapters.wechatpay.config import WeChatPayConfig
from luojiang.core.payments.models import PayChannel
from luojiang.core.payments.ports import NotificationKind, NotificationRejected, PlatformNotification

HEADERS = ("Wechatpay-Signature", "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Serial")
SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
_PAID_EVENTS = {"TRANSACTION.SUCCESS"}
_REFUND_EVENTS = {"REFUND.SUCCESS"}


class WeChatPayNotifications:
    channel = PayChannel.WECHATPAY

    def __init__(
        self, config: WeChatPayConfig, redis: aioredis.Redis, clock: Callable[[], float] = time.time
    ) -> None:
        self.config = config
        self.redis = redis
        self.clock = clock
        self.client = AsyncWeChatPay(
            wechatpay_type=WeChatPayType.MINIPROG,
            mchid=config.mchid,
            private_key=config.merchant_private_key_pem,
            cert_serial_no=config.merchant_serial,
            appid=config.appid,
            apiv3_key=config.apiv3_key,
            public_key=config.public_key_pem,
            public_key_id=config.public_key_id,
        )

    async def verify(self, headers: Mapping[str, str], body: bytes) -> PlatformNotification:
        signed = {name: headers.get(name, "") for name in HEADERS}
        signed["Wechatpay-Signature-Type"] = headers.get("Wechatpay-Signature-Type", "")
        if signed["Wechatpay-Serial"] != self.config.public_key_id:
            raise NotificationRejected("unknown serial")
        if signed["Wechatpay-Signature-Type"] != SIGNATURE_TYPE:
            raise NotificationRejected("unknown signature type")
        self._check_window(signed["Wechatpay-Timestamp"])
        try:
            envelope = self.client.callback(signed, body)
        except Exception as exc:  # wechatpayv3 raises bare Exception on odd input
            raise NotificationRejected(f"unreadable: {type(exc).__name__}") from exc
        if not envelope:
            raise NotificationRejected("bad signature or undecryptable resource")
        await self._claim_nonce(signed["Wechatpay-Nonce"])
        return self._decode(envelope)

    async def forget(self, headers: Mapping[str, str]) -> None:
        await self.redis.delete(_nonce_key(headers.get("Wechatpay-Nonce", "")))

    def _check_window(self, timestamp: str) -> None:
        try:
            sent = int(timestamp)
        except ValueError as exc:
            raise NotificationRejected("no timestamp") from exc
        if abs(self.clock() - sent) >= self.config.notify_window_seconds:
            raise NotificationRejected("stale timestamp")

    async def _claim_nonce(self, nonce: str) -> None:
        if not nonce:
            raise NotificationRejected("no nonce")
        # kept for twice the window: a replay older than that is refused as stale anyway
        fresh = await self.redis.set(
            _nonce_key(nonce), b"1", nx=True, ex=2 * self.config.notify_window_seconds
        )
        if not fresh:
            raise NotificationRejected("replayed nonce")

    def _decode(self, envelope: dict[str, Any]) -> PlatformNotification:
        resource = envelope.get("resource")
        if not isinstance(resource, dict):
            raise NotificationRejected("no resource")
        if resource.get("mchid") != self.config.mchid:
            raise NotificationRejected("another merchant")
        event_type = str(envelope.get("event_type", ""))
        amount = resource.get("amount") or {}
        if event_type in _PAID_EVENTS:
            if resource.get("appid") not in self.config.appids or resource.get("trade_state") != "SUCCESS":
                raise NotificationRejected("not a successful payment of this app")
            kind, reference, fen = NotificationKind.PAID, resource.get("transaction_id"), amount.get("total")
        elif event_type in _REFUND_EVENTS:
            kind, reference, fen = NotificationKind.REFUNDED, resource.get("refund_id"), amount.get("refund")
        else:
            kind, reference, fen = NotificationKind.OTHER, resource.get("transaction_id"), 0
        return PlatformNotification(
            channel=self.channel,
            event_id=str(envelope.get("id", "")),
            kind=kind,
            out_trade_no=str(resource.get("out_trade_no", "")),
            platform_trade_no=str(reference or ""),
            amount_fen=int(fen or 0),
            out_refund_no=resource.get("out_refund_no"),
        )


def _nonce_key(nonce: str) -> str:
    return f"wechatpay:notify-nonce:{nonce}"
