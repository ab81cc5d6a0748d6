"""Credentials of outside platforms that several areas share: one Alipay mini-program app signs
logins, payments and QR code requests alike."""

from __future__ import annotations

from luojiang.adapters.alipay.keys import AlipayKeys, certificate_mode_from_files, key_mode
from luojiang.adapters.alipay.signing import load_private_key
from luojiang.core.settings import Settings


def alipay_keys(settings: Settings) -> AlipayKeys | None:
    if not settings.alipay_private_key:
        return None
    private_key = load_private_key(settings.alipay_private_key.get_secret_value())
    if settings.alipay_app_cert_path:
        return certificate_mode_from_files(
            private_key,
            settings.alipay_app_cert_path,
            settings.alipay_cert_path,
            settings.alipay_root_cert_path,
        )
    return key_mode(private_key, settings.alipay_public_key) if settings.alipay_public_key else None
