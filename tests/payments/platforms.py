"""A gateway wired to the WeChat Pay and Alipay simulators, with keys generated for the run."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from starlette.applications import Starlette
from tests.fakes import alipay as alipay_fake
from tests.fakes import wechatpay as wechat_fake
from tests.fakes.alipay import AlipayFake
from tests.fakes.keys import KeyPair
from tests.fakes.routing import FakeHosts
from tests.fakes.wechatpay import WeChatPayFake

from luojiang.api.context import Channel
from luojiang.api.services import Services
from luojiang.app.container import close_services
from luojiang.app.main import create_app
from luojiang.core.identity.models import ChannelIdentity
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.payments.access import Actor
from luojiang.core.settings import Settings


@dataclass
class Platforms:
    app: Starlette
    wechat: WeChatPayFake
    alipay: AlipayFake

    @property
    def services(self) -> Services:
        services: Services = self.app.state.services
        return services

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="https://gateway.test")


_KEYS: dict[str, KeyPair] = {}


def keys(name: str) -> KeyPair:
    if name not in _KEYS:
        _KEYS[name] = KeyPair.generate()
    return _KEYS[name]


@asynccontextmanager
async def built_platforms(settings: Settings, **overrides: object) -> AsyncIterator[Platforms]:
    """A second app instance over the session's (already open) database; its lifespan is not run,
    and its services (a Redis client, the platforms' HTTP client) are closed after the block."""
    wechat = WeChatPayFake(merchant=keys("merchant"), platform=keys("wechat-platform"))
    alipay = AlipayFake(app=keys("alipay-app"), alipay=keys("alipay-platform"))
    configured = settings.model_copy(
        update={
            "public_base_url": "https://gateway.test",
            "wechatpay_api_base": wechat.base_url,
            "wechatpay_mchid": wechat_fake.MCHID,
            "wechatpay_appid": wechat_fake.APPID,
            "wechatpay_app_appid": wechat_fake.APP_APPID,
            "wechatpay_merchant_serial": wechat_fake.MERCHANT_SERIAL,
            "wechatpay_public_key_id": wechat_fake.PUBLIC_KEY_ID,
            "wechatpay_public_key": wechat.platform.public_pem,
            "wechatpay_private_key": _secret(wechat.merchant.private_pem),
            "wechatpay_apiv3_key": _secret(wechat.apiv3_key),
            "alipay_gateway_url": f"{alipay.base_url}/gateway.do",
            "alipay_app_id": alipay_fake.APP_ID,
            "alipay_seller_id": alipay_fake.SELLER_ID,
            "alipay_public_key": alipay.alipay.public_pem,
            "alipay_private_key": _secret(alipay.app.private_pem),
            **overrides,
        }
    )
    hosts = FakeHosts({"wechatpay.test": wechat.app(), "alipay.test": alipay.asgi()})
    app = create_app(configured, http_transport=hosts)
    try:
        yield Platforms(app, wechat, alipay)
    finally:
        await close_services(app.state.services)


def _secret(value: str) -> object:
    from pydantic import SecretStr

    return SecretStr(value)


# the login a mini-program payment takes its payer's open id from: (identity channel, app id)
MINI_PROGRAM_LOGINS = {
    Channel.WECHAT_MINIPROGRAM: ("wechat", wechat_fake.APPID),
    Channel.ALIPAY_MINIPROGRAM: ("alipay", alipay_fake.APP_ID),
}


async def logged_in(actor: Actor | Principal | None, channel: Channel) -> Principal | None:
    """The request's viewer for a test's ``Actor``, as identity makes it. An actor with an open id
    has logged in inside the mini-program ``channel`` under it: the payment finds it there."""
    if actor is None or isinstance(actor, Principal):
        return actor
    person_id = actor.person_id if actor.person_id is not None else 0
    login = MINI_PROGRAM_LOGINS.get(channel)
    if actor.openid and login is not None:
        platform, app_id = login
        await ChannelIdentity.get_or_create(
            person_id=person_id, channel=platform, app_id=app_id, subject=actor.openid
        )
    return Principal(
        person_id=person_id,
        session_id=f"s-{person_id}",
        assurance=Assurance.L1,
        channel=channel.value,
        enterprise_ids=actor.enterprise_ids,
        staff_department_ids=actor.staff_department_ids,
        is_admin=actor.is_admin,
    )
