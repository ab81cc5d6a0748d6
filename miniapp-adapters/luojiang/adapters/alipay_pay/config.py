"""What the Alipay payment adapter needs beyond the shared gateway (``adapters/alipay``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AlipayPayConfig:
    app_id: str
    seller_id: str  # the merchant's PID (2088...); notifications for another seller are refused
    notify_url: str
    notify_window_seconds: int = 300  # as WeChat Pay's: a notice sent further from now is stale
