"""The HTTP SMS sender against a fake provider: signed requests, and a failed send leaves no code."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from luojiang.adapters.sms.gateway import HttpSmsSender
from luojiang.core.errors import DomainError
from luojiang.core.identity.otp import OneTimeCodes, OtpPolicy
from luojiang.core.identity.ports import PlatformUnavailable
from luojiang.core.security.fields import LookupHasher
from tests.fakes.routing import FakeHosts
from tests.fakes.sms import FakeSms

POLICY = OtpPolicy(ttl_seconds=300, max_attempts=5, per_phone_per_hour=5, per_ip_per_hour=50)


def _sender(fake: FakeSms, key: str) -> HttpSmsSender:
    http = httpx.AsyncClient(transport=FakeHosts({"sms.example.com": fake.app()}))
    return HttpSmsSender(http=http, api_base="https://sms.example.com", api_key=key)


async def test_the_code_goes_out_signed_and_checks_against_what_was_sent(
    app: Starlette, new_phone: str
) -> None:
    fake = FakeSms(api_key="sms-key")
    codes = OneTimeCodes(app.state.services.redis, LookupHasher(b"s" * 32), _sender(fake, "sms-key"), POLICY)
    await codes.send(new_phone, "10.7.0.1")
    (message,) = fake.delivered
    assert message["to"] == new_phone
    assert message["template"] == "login_code"
    await codes.check(new_phone, message["params"]["code"])  # type: ignore[index]


async def test_a_refused_or_failed_send_leaves_no_usable_code(app: Starlette, new_phone: str) -> None:
    fake = FakeSms(api_key="sms-key")
    with pytest.raises(PlatformUnavailable):
        await _sender(fake, "a-wrong-key").send_login_code(new_phone, "123456")
    assert fake.delivered == []
    fake.down = True
    codes = OneTimeCodes(app.state.services.redis, LookupHasher(b"s" * 32), _sender(fake, "sms-key"), POLICY)
    with pytest.raises(DomainError) as refused:
        await codes.send(new_phone, "10.7.0.2")
    assert refused.value.problems[0].code == "PLATFORM_UNAVAILABLE"
    with pytest.raises(DomainError) as nothing:
        await codes.check(new_phone, "123456")
    assert nothing.value.problems[0].code == "INVALID_CODE"
