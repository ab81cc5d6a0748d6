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
    # the Happy Luojiang app's appid on the WeChat Open Platform (APP payments); "" leaves them off
    app_appid: str = ""

    @property
    def appids(self) -> frozenset[str]:
        """Every app whose payments come to this merchant (the mini-program's also serves H5)."""
        return frozenset(a for a in (self.appid, self.app_appid) if a)
