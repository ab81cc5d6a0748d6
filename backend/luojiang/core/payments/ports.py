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


class NotificationKind(StrEnum):
    PAID = "paid"
    REFUNDED = "refunded"
    OTHER = "other"


@dataclass(frozen=True)
class PaymentRequest:
    out_trade_no: str
    description: str
    amount_fen: int
    payer_openid: str
    expires_at: datetime


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

    async def create_payment(self, request: PaymentRequest) -> dict[str, str]:
        """Create the trade; return what the front end passes to the platform's pay sheet."""
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
