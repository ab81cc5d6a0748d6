"""Alipay template messages through the signed gateway, against a fake that checks the RSA2
signature of every request and signs its answers: sent, refused for good, or (a forged answer)
retried, never counted as sent."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from luojiang.adapters.alipay.gateway import AlipayGateway
from luojiang.adapters.alipay.keys import key_mode
from luojiang.adapters.alipay.signing import load_private_key
from luojiang.adapters.alipay.template_message import AlipayTemplateSender
from luojiang.adapters.http import platform_client
from luojiang.core.notifications.ports import Outgoing, SendRefused, SendUnavailable
from tests.fakes.alipay import APP_ID, AlipayFake
from tests.fakes.keys import KeyPair

APP, PLATFORM = KeyPair.generate(), KeyPair.generate()


@pytest.fixture
async def alipay() -> AsyncIterator[tuple[AlipayFake, httpx.AsyncClient]]:
    fake = AlipayFake(app=APP, alipay=PLATFORM, templates={"TPL-ACC"})
    async with platform_client(httpx.ASGITransport(app=fake.asgi())) as http:
        yield fake, http


def _sender(http: httpx.AsyncClient, platform_key: KeyPair = PLATFORM) -> AlipayTemplateSender:
    keys = key_mode(load_private_key(APP.private_pem), platform_key.public_pem)
    gateway = AlipayGateway(http=http, gateway_url="https://alipay.test/gateway.do", app_id=APP_ID, keys=keys)
    return AlipayTemplateSender(gateway, {"accepted": "TPL-ACC"})


def _message(recipient: str = "open-1") -> Outgoing:
    data = {"case_number": "LJ1", "matter": "食品经营许可证核发（新办、延续、变更、注销）", "state": "已受理"}
    return Outgoing(7, recipient, "accepted", "申请已受理", "…", data, "pages/cases/detail?case=LJ1")


async def test_a_template_message_is_sent_signed(alipay: tuple[AlipayFake, httpx.AsyncClient]) -> None:
    fake, http = alipay
    assert await _sender(http).send(_message()) == "alipay-7"
    [sent] = fake.messages
    assert (sent["to_open_id"], sent["user_template_id"], sent["page"]) == (
        "open-1",
        "TPL-ACC",
        "pages/cases/detail?case=LJ1",
    )
    assert sent["data"]["keyword2"] == {"value": "食品经营许可证核发（新办、延续、变更、注"}
    assert fake.rejected_signatures == 0


async def test_a_user_who_cannot_receive_it_fails_the_message(
    alipay: tuple[AlipayFake, httpx.AsyncClient],
) -> None:
    fake, http = alipay
    fake.blocked_users.add("open-2")
    with pytest.raises(SendRefused) as refused:
        await _sender(http).send(_message("open-2"))
    assert refused.value.code == "USER_NOT_EXIST"


async def test_a_forged_answer_is_never_counted_as_sent(alipay: tuple[AlipayFake, httpx.AsyncClient]) -> None:
    _, http = alipay
    with pytest.raises(SendUnavailable, match="failed verification"):
        await _sender(http, platform_key=KeyPair.generate()).send(_message())
