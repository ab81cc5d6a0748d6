"""Alipay's asynchronous notifications (ref/alipay.md 3.2): a form POST whose signature covers
every parameter but ``sign`` and ``sign_type``, sorted; then app_id and seller are ours, the
notice was sent within the window around now, and the trade status says paid. (The amount is
checked against the trade by the service.)

``notify_time`` is when Alipay sent this delivery (Beijing time, no zone): each retry carries a
new one, so a retry within the schedule passes while a captured notice replayed later does not.
``notify_id`` stays the same across retries, so it cannot serve as a nonce; a replay inside the
window is applied once by the event key."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric import rsa

from luojiang.adapters.alipay.signing import content_to_sign, rsa2_verify
from luojiang.adapters.alipay_pay.config import AlipayPayConfig
from luojiang.core.payments.models import PayChannel
from luojiang.core.payments.money import yuan_to_fen
from luojiang.core.payments.ports import NotificationKind, NotificationRejected, PlatformNotification

_PAID = {"TRADE_SUCCESS", "TRADE_FINISHED"}
BEIJING = ZoneInfo("Asia/Shanghai")


class AlipayNotifications:
    channel = PayChannel.ALIPAY

    def __init__(
        self,
        config: AlipayPayConfig,
        alipay_public_key: rsa.RSAPublicKey,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.public_key = alipay_public_key  # Alipay's key (from its certificate in certificate mode)
        self.clock = clock

    async def verify(self, headers: Mapping[str, str], body: bytes) -> PlatformNotification:
        params = _form(body)
        # notifications leave sign_type out of the signed content too (requests keep it)
        content = content_to_sign({k: v for k, v in params.items() if k != "sign_type"})
        if params.get("sign_type", "RSA2") != "RSA2" or not rsa2_verify(
            self.public_key, content, params.get("sign", "")
        ):
            raise NotificationRejected("bad signature")
        if params.get("app_id") != self.config.app_id:
            raise NotificationRejected("another app")
        if self.config.seller_id and params.get("seller_id") != self.config.seller_id:
            raise NotificationRejected("another seller")
        self._check_window(params.get("notify_time", ""))
        paid = params.get("trade_status") in _PAID and not params.get("refund_fee")
        try:
            amount = yuan_to_fen(params.get("total_amount", ""))
        except ValueError as exc:
            raise NotificationRejected("no exact amount") from exc
        return PlatformNotification(
            channel=self.channel,
            event_id=params.get("notify_id", ""),
            kind=NotificationKind.PAID if paid else NotificationKind.OTHER,
            out_trade_no=params.get("out_trade_no", ""),
            platform_trade_no=params.get("trade_no", ""),
            amount_fen=amount,
        )

    async def forget(self, headers: Mapping[str, str]) -> None:
        return  # no replay bookkeeping: a replayed notice is applied once by the event key

    def _check_window(self, notify_time: str) -> None:
        try:
            sent = datetime.strptime(notify_time, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
        except ValueError as exc:
            raise NotificationRejected("no notify_time") from exc
        if abs(self.clock() - sent.timestamp()) >= self.config.notify_window_seconds:
            raise NotificationRejected("stale notify_time")


def _form(body: bytes) -> dict[str, str]:
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError) as exc:
        raise NotificationRejected("not a form") from exc
    params = dict(pairs)
    if len(params) != len(pairs):
        raise NotificationRejected("repeated parameters")
    return params
