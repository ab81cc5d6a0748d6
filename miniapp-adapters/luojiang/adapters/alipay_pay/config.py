"""What the Alipay payment adapter needs, read from settings by the application's wiring."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AlipayPayConfig:
    gateway_url: str
    app_id: str
    seller_id: str  # the merchant's PID (2088...); notifications for another seller are refused
    app_private_key: str
    alipay_public_key: str  # Alipay's key, not the app's own (ref/alipay.md 6)
    notify_url: str
