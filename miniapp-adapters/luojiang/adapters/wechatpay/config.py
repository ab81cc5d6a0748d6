"""What the WeChat Pay adapter needs, read from settings by the application's wiring."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WeChatPayConfig:
    api_base: str
    mchid: str
    appid: str
    merchant_serial: str
    merchant_private_key_pem: str
    public_key_id: str  # "PUB_KEY_ID_...": public-key mode only, no platform certificates
    public_key_pem: str
    apiv3_key: str  # 32 ASCII bytes, the AES-256-GCM key of notifications
    notify_url: str
    notify_window_seconds: int = 300
