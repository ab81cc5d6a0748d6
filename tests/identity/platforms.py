"""A gateway instance wired to fake WeChat, Alipay and Tianfu Tongban over HTTP, with keys generated
for this test session; it shares the session app's database."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from pydantic import SecretStr
from starlette.applications import Starlette

from luojiang.adapters.simulators.tianfu import TianfuSimulator
from luojiang.app.container import close_services
from luojiang.app.main import create_app
from luojiang.core.settings import Settings
from tests.fakes.alipay_oauth import FakeAlipay, new_rsa_key
from tests.fakes.routing import FakeHosts
from tests.fakes.wechat import FakeWeChat
from tests.identity.support import Api

WECHAT_APPID = "wx5106040000000001"
ALIPAY_APPID = "2021005106040001"
TFTB_APPID = "tftb-luojiang"


@dataclass
class Channels:
    api: Api
    wechat: FakeWeChat
    alipay: FakeAlipay
    tianfu: TianfuSimulator
    app: Starlette


def _pem(key: object) -> str:
    return key.private_bytes(  # type: ignore[attr-defined, no-any-return]
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


def _public_one_line(key: object) -> str:
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)  # type: ignore[attr-defined]
    return base64.b64encode(der).decode()


@pytest.fixture(scope="session")
async def channels(app: Starlette, settings: Settings) -> AsyncIterator[Channels]:
    app_key = new_rsa_key()
    wechat = FakeWeChat(app_id=WECHAT_APPID, secret="wechat-test-secret")
    alipay = FakeAlipay(app_id=ALIPAY_APPID, app_public_key=app_key.public_key())
    tianfu = TianfuSimulator(app_id=TFTB_APPID, secret="tftb-test-secret")
    wired = settings.model_copy(
        update={
            "wechat_api_base": "https://api.weixin.qq.com",
            "wechat_appid": WECHAT_APPID,
            "wechat_secret": SecretStr(wechat.secret),
            "alipay_gateway_url": "https://openapi.alipay.com/gateway.do",
            "alipay_app_id": ALIPAY_APPID,
            "alipay_private_key": SecretStr(_pem(app_key)),
            "alipay_public_key": _public_one_line(alipay.alipay_key.public_key()),
            "alipay_aes_key": SecretStr(base64.b64encode(alipay.aes_key).decode()),
            "tftb_api_base": "https://tftb.example.gov.cn",
            "tftb_app_id": TFTB_APPID,
            "tftb_app_secret": SecretStr(tianfu.secret),
        }
    )
    fakes = FakeHosts(
        {
            "api.weixin.qq.com": wechat.app(),
            "openapi.alipay.com": alipay.app(),
            "tftb.example.gov.cn": tianfu.app(),
        }
    )
    gateway = create_app(wired, http_transport=fakes)  # the session app already opened the database
    transport = httpx.ASGITransport(app=gateway, client=("10.3.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Channels(Api(http=http, services=gateway.state.services), wechat, alipay, tianfu, gateway)
    await close_services(gateway.state.services)
