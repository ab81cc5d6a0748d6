"""Wiring of identity: the login adapters the settings configure (a platform without settings
stays off), the signing keys, sessions and one-time codes, assembled into the IdentityService."""

from __future__ import annotations

import base64
from datetime import timedelta

import httpx
import redis.asyncio as aioredis

from luojiang.adapters.alipay.gateway import AlipayGateway
from luojiang.adapters.alipay.login import AlipayMiniProgramLogin
from luojiang.adapters.sms.dev import DevSmsSender
from luojiang.adapters.sms.gateway import HttpSmsSender
from luojiang.adapters.tianfu.sso import TianfuTicketExchange
from luojiang.adapters.wechat.access_token import StableAccessToken
from luojiang.adapters.wechat.login import WeChatMiniProgramLogin
from luojiang.app.platforms import alipay_keys
from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.accounts import Accounts
from luojiang.core.identity.grants import Grants
from luojiang.core.identity.logins import Logins
from luojiang.core.identity.otp import OneTimeCodes, OtpPolicy
from luojiang.core.identity.personal import PersonalData
from luojiang.core.identity.ports import LoginPorts, SmsSender
from luojiang.core.identity.revocations import Revocations
from luojiang.core.identity.service import IdentityService
from luojiang.core.identity.sessions import Sessions
from luojiang.core.identity.signing_keys import key_ring
from luojiang.core.security.fields import field_cipher, lookup_hasher
from luojiang.core.settings import Environment, Settings


def build_identity(settings: Settings, redis: aioredis.Redis, http: httpx.AsyncClient) -> IdentityService:
    hasher = lookup_hasher(settings)
    personal = PersonalData(cipher=field_cipher(settings), hasher=hasher)
    keys = key_ring(settings)
    access = AccessTokens(
        keys=keys, issuer=settings.token_issuer, ttl_seconds=settings.access_token_ttl_seconds
    )
    revocations = Revocations(redis=redis, ttl_seconds=settings.access_token_ttl_seconds)
    sessions = Sessions(
        access=access, revocations=revocations, refresh_ttl=timedelta(days=settings.refresh_token_ttl_days)
    )
    grants = Grants(personal, revocations)
    ports = build_login_ports(settings, redis, http)
    codes = None
    if ports.sms is not None:
        policy = OtpPolicy(
            ttl_seconds=settings.sms_code_ttl_seconds,
            max_attempts=settings.sms_code_max_attempts,
            per_phone_per_hour=settings.sms_sends_per_phone_per_hour,
            per_ip_per_hour=settings.sms_sends_per_ip_per_hour,
        )
        codes = OneTimeCodes(redis=redis, hasher=hasher, sender=ports.sms, policy=policy)
    logins = Logins(ports=ports, accounts=Accounts(personal), sessions=sessions, codes=codes, grants=grants)
    return IdentityService(keys=keys, personal=personal, sessions=sessions, logins=logins, grants=grants)


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
    if settings.is_production:
        return None
    return DevSmsSender(echo=settings.environment is Environment.DEVELOPMENT)


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
