"""Builds the login adapters the settings configure; a platform without settings stays off."""

from __future__ import annotations

import base64

import httpx
import redis.asyncio as aioredis

from luojiang.adapters.alipay.gateway import AlipayGateway
from luojiang.adapters.alipay.keys import AlipayKeys, certificate_mode_from_files, key_mode
from luojiang.adapters.alipay.login import AlipayMiniProgramLogin
from luojiang.adapters.alipay.signing import load_private_key
from luojiang.adapters.sms.dev import DevSmsSender
from luojiang.adapters.sms.gateway import HttpSmsSender
from luojiang.adapters.tianfu.sso import TianfuTicketExchange
from luojiang.adapters.wechat.access_token import StableAccessToken
from luojiang.adapters.wechat.login import WeChatMiniProgramLogin
from luojiang.core.identity.ports import LoginPorts, SmsSender
from luojiang.core.settings import Settings


def build_login_ports(settings: Settings, redis: aioredis.Redis, http: httpx.AsyncClient) -> LoginPorts:
    return LoginPorts(
        wechat=_wechat(settings, redis, http),
        alipay=_alipay(settings, http),
        tianfu=_tianfu(settings, http),
        sms=_sms(settings, http),
    )


def _sms(settings: Settings, http: httpx.AsyncClient) -> SmsSender | None:
    if settings.sms_api_base and settings.sms_api_key:
        return HttpSmsSender(http, settings.sms_api_base.rstrip("/"), settings.sms_api_key.get_secret_value())
    # production sends nothing (SMS login is off) until a provider is configured
    return None if settings.is_production else DevSmsSender()


def _wechat(
    settings: Settings, redis: aioredis.Redis, http: httpx.AsyncClient
) -> WeChatMiniProgramLogin | None:
    if not (settings.wechat_appid and settings.wechat_secret):
        return None
    secret = settings.wechat_secret.get_secret_value()
    base = settings.wechat_api_base.rstrip("/")
    tokens = StableAccessToken(
        http=http, redis=redis, api_base=base, app_id=settings.wechat_appid, secret=secret
    )
    return WeChatMiniProgramLogin(
        http=http, tokens=tokens, api_base=base, app_id=settings.wechat_appid, secret=secret
    )


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


def _alipay(settings: Settings, http: httpx.AsyncClient) -> AlipayMiniProgramLogin | None:
    keys = alipay_keys(settings)
    if keys is None or not (settings.alipay_app_id and settings.alipay_aes_key):
        return None
    gateway = AlipayGateway(
        http=http, gateway_url=settings.alipay_gateway_url, app_id=settings.alipay_app_id, keys=keys
    )
    return AlipayMiniProgramLogin(
        gateway=gateway, aes_key=base64.b64decode(settings.alipay_aes_key.get_secret_value())
    )


def _tianfu(settings: Settings, http: httpx.AsyncClient) -> TianfuTicketExchange | None:
    if not (settings.tftb_api_base and settings.tftb_app_id and settings.tftb_app_secret):
        return None
    return TianfuTicketExchange(
        http=http,
        api_base=settings.tftb_api_base.rstrip("/"),
        app_id=settings.tftb_app_id,
        secret=settings.tftb_app_secret.get_secret_value(),
    )
