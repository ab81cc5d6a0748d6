"""What the payment service needs from WeChat Pay and Alipay; the adapters implement it.

Adapters translate only: each platform's protocol in, these plain values out. A platform error
that may succeed on retry is :class:`PlatformUnavailable`; one that will not is
:class:`PlatformRejected`. A notification that fails verification is :class:`NotificationRejected`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from luojiang.core.payments.models import PayChannel


class PlatformUnavailable(Exception):
    """Retryable: timeouts, 5xx, SYSTEM_ERROR. Retry with identical parameters."""


class PlatformRejected(Exception):
    """Terminal: the platform refused the request; retrying the same request will not help."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class NotificationRejected(Exception):
    """A notification that is forged, tampered, stale, replayed or not for us."""


class TradeStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    CLOSED = "closed"
    NOT_FOUND = "not_found"


class PayScene(StrEnum):
    """Where the payer pays, which decides the platform's product (ref/wechat.md 3, ref/alipay.md 3)."""

    MINI_PROGRAM = "mini_program"  # WeChat Pay JSAPI, Alipay JSAPI_PAY: the payer's open id
    APP = "app"  # WeChat Pay APP, alipay.trade.app.pay: the app's SDK opens the platform's app
    H5 = "h5"  # WeChat Pay H5, alipay.trade.wap.pay: a phone browser (Tianfu Tongban H5) is sent there


class NotificationKind(StrEnum):
    PAID = "paid"
    REFUNDED = "refunded"
    OTHER = "other"


@dataclass(frozen=True)
class PaymentRequest:
    out_trade_no: str
    description: str
    amount_fen: int
    payer_openid: str  # empty outside the mini-programs
    expires_at: datetime
    scene: PayScene = PayScene.MINI_PROGRAM
    client_ip: str = ""  # the payer's address: WeChat Pay H5 requires it (scene_info.payer_client_ip)


@dataclass(frozen=True)
class TradeInfo:
    status: TradeStatus
    out_trade_no: str
    platform_trade_no: str | None = None
    amount_fen: int | None = None


@dataclass(frozen=True)
class PlatformNotification:
    """A verified notification: who sent it, the event's own id and what it says."""

    channel: PayChannel
    event_id: str
    kind: NotificationKind
    out_trade_no: str
    platform_trade_no: str
    amount_fen: int
    out_refund_no: str | None = None


@dataclass(frozen=True)
class RefundRequest:
    out_trade_no: str
    out_refund_no: str
    refund_fen: int
    total_fen: int
    reason: str


@dataclass(frozen=True)
class RefundResult:
    succeeded: bool
    platform_refund_no: str | None = None


@dataclass(frozen=True)
class BillRow:
    out_trade_no: str
    platform_trade_no: str
    amount_fen: int


class PaymentProvider(Protocol):
    channel: PayChannel
    app_id: str  # the mini-program whose users pay here: their open ids are for this app
    scenes: frozenset[PayScene]  # where its payers may pay (the keys configured decide)

    async def create_payment(self, request: PaymentRequest) -> dict[str, str]:
        """Create the trade (or sign the order the payer's client opens); return what the front
        end passes on: the pay sheet, the app's signed parameters or the page to open."""
        ...

    async def query_payment(self, out_trade_no: str) -> TradeInfo: ...

    async def close_payment(self, out_trade_no: str) -> None:
        """Close an unpaid trade; PlatformRejected("ORDERPAID") when it was paid meanwhile."""
        ...

    async def refund(self, request: RefundRequest) -> RefundResult: ...

    async def query_refund(self, request: RefundRequest) -> RefundResult: ...

    async def download_bill(self, day: date) -> list[BillRow]:
        """The day's successful payments as the platform records them."""
        ...


class NotificationVerifier(Protocol):
    channel: PayChannel

    async def verify(self, headers: Mapping[str, str], body: bytes) -> PlatformNotification:
        """The notification, verified and decoded; NotificationRejected otherwise."""
        ...

    async def forget(self, headers: Mapping[str, str]) -> None:
        """Undo replay bookkeeping for a notification we failed to apply, so its retry is heard."""
        ...
