"""The Alipay mini-program QR code adapter against a fake gateway that checks our RSA2 signature
and signs its answers; keys are generated for the test."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from luojiang.adapters.alipay.gateway import AlipayGateway
from luojiang.adapters.alipay.keys import AlipayKeys
from luojiang.adapters.alipay_qr.client import AlipayCodeMaker
from luojiang.core.tourism.ports import CodeRequest, UpstreamRefused, UpstreamUnavailable
from tests.fakes.alipay_qrcode import FakeAlipayQrCode, new_key

APP_ID = "2021000000000001"
GATEWAY = "https://openapi.alipay.test/gateway.do"
REQUEST = CodeRequest("GQR4FNWD", "游客中心", "https://guide.test/guide/GQR4FNWD")
APP_KEY = new_key()


@pytest.fixture
def fake() -> FakeAlipayQrCode:
    return FakeAlipayQrCode(app_id=APP_ID, app_public_key=APP_KEY.public_key())


@pytest.fixture
async def http(fake: FakeAlipayQrCode) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app())) as client:
        yield client


def maker(
    http: httpx.AsyncClient, fake: FakeAlipayQrCode, key: rsa.RSAPrivateKey = APP_KEY
) -> AlipayCodeMaker:
    keys = AlipayKeys(app_private_key=key, alipay_public_key=fake.alipay_key.public_key())
    gateway = AlipayGateway(http=http, gateway_url=GATEWAY, app_id=APP_ID, keys=keys)
    return AlipayCodeMaker(gateway, page="pages/guide/index")


async def test_a_signed_request_gets_a_verified_answer_and_the_image(
    fake: FakeAlipayQrCode, http: httpx.AsyncClient
) -> None:
    image = await maker(http, fake).make(REQUEST)
    assert image.content_type == "image/png"
    assert image.data.startswith(b"\x89PNG")
    sent = fake.requests[0]
    assert (sent["method"], sent["sign_type"], sent["charset"]) == (
        "alipay.open.app.qrcode.create",
        "RSA2",
        "utf-8",
    )
    assert json.loads(sent["biz_content"]) == {
        "url_param": "pages/guide/index",
        "query_param": "c=GQR4FNWD",
        "describe": "游客中心",
    }


async def test_a_request_signed_with_another_key_is_refused_by_the_gateway(
    fake: FakeAlipayQrCode, http: httpx.AsyncClient
) -> None:
    with pytest.raises(UpstreamRefused, match=r"isv\.invalid-signature"):
        await maker(http, fake, key=new_key()).make(REQUEST)


async def test_a_tampered_answer_is_rejected(fake: FakeAlipayQrCode, http: httpx.AsyncClient) -> None:
    fake.tamper_next = True
    with pytest.raises(UpstreamRefused, match=r"failed verification \(bad signature\)"):
        await maker(http, fake).make(REQUEST)


async def test_an_answer_forged_with_another_key_is_rejected(
    fake: FakeAlipayQrCode, http: httpx.AsyncClient
) -> None:
    fake.forge_with = new_key()
    with pytest.raises(UpstreamRefused, match=r"failed verification \(bad signature\)"):
        await maker(http, fake).make(REQUEST)


@pytest.mark.parametrize(
    ("answer", "error", "text"),
    [
        (
            {"code": "20000", "msg": "Service Currently Unavailable", "sub_code": "isp.unknow-error"},
            UpstreamUnavailable,
            "20000",
        ),
        (
            {
                "code": "40006",
                "msg": "Insufficient Permissions",
                "sub_code": "isv.insufficient-isv-permissions",
                "sub_msg": "ISV权限不足，建议在开发者中心检查对应功能是否已经添加",
            },
            UpstreamRefused,
            "isv.insufficient-isv-permissions",
        ),
        (
            {"code": "10000", "msg": "Success", "sub_code": "isv.odd", "sub_msg": "a } brace"},
            UpstreamRefused,
            "a } brace",
        ),
    ],
)
async def test_business_failures_are_told_apart(
    fake: FakeAlipayQrCode, http: httpx.AsyncClient, answer: dict[str, str], error: type[Exception], text: str
) -> None:
    fake.queued.append(answer)
    with pytest.raises(error, match=text):
        await maker(http, fake).make(REQUEST)
