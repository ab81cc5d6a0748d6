"""SMS one-time codes: hashed at rest, five minutes, single use, limited tries and sends."""

from __future__ import annotations

import itertools

import pytest
import redis.asyncio as aioredis
from starlette.applications import Starlette

from luojiang.adapters.sms.dev import DevSmsSender
from luojiang.core.errors import DomainError
from luojiang.core.identity.otp import OneTimeCodes, OtpPolicy
from luojiang.core.security.fields import LookupHasher
from tests.identity.support import SMS_LOGIN, Api
from tests.support.clock import ManualClock

_ips = itertools.count(1)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=1_800_000_000.0)


@pytest.fixture
def codes(app: Starlette, clock: ManualClock) -> OneTimeCodes:
    redis: aioredis.Redis = app.state.services.redis
    policy = OtpPolicy(ttl_seconds=300, max_attempts=3, per_phone_per_hour=2, per_ip_per_hour=3)
    return OneTimeCodes(
        redis=redis, hasher=LookupHasher(b"h" * 32), sender=DevSmsSender(), policy=policy, clock=clock
    )


def _ip() -> str:
    return f"10.9.0.{next(_ips)}"


async def _refused(code: str, call: object) -> None:
    with pytest.raises(DomainError) as refused:
        await call  # type: ignore[misc]
    assert refused.value.problems[0].code == code


async def test_the_code_is_stored_only_as_a_keyed_hash(codes: OneTimeCodes, new_phone: str) -> None:
    await codes.send(new_phone, _ip())
    code = codes.sender.outbox[new_phone]  # type: ignore[attr-defined]
    stored = b""
    for key in await codes.redis.keys("identity:otp:*"):
        for name, value in (await codes.redis.hgetall(key)).items():
            stored += name + value
    assert code.encode() not in stored
    assert new_phone.encode() not in stored


async def test_a_code_works_once_and_not_after_five_minutes(
    codes: OneTimeCodes, clock: ManualClock, new_phone: str
) -> None:
    await codes.send(new_phone, _ip())
    code = codes.sender.outbox[new_phone]  # type: ignore[attr-defined]
    await codes.check(new_phone, code)
    await _refused("INVALID_CODE", codes.check(new_phone, code))
    await codes.send(new_phone, _ip())
    late = codes.sender.outbox[new_phone]  # type: ignore[attr-defined]
    clock.now += 300
    await _refused("CODE_EXPIRED", codes.check(new_phone, late))


async def test_wrong_codes_use_up_the_attempts(codes: OneTimeCodes, new_phone: str) -> None:
    await codes.send(new_phone, _ip())
    code = codes.sender.outbox[new_phone]  # type: ignore[attr-defined]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(3):
        await _refused("INVALID_CODE", codes.check(new_phone, wrong))
    await _refused("TOO_MANY_ATTEMPTS", codes.check(new_phone, code))
    await _refused("INVALID_CODE", codes.check(new_phone, code))


async def test_sends_are_limited_per_phone_and_per_ip(codes: OneTimeCodes, new_phone: str) -> None:
    sender: DevSmsSender = codes.sender  # type: ignore[assignment]
    await codes.send(new_phone, _ip())
    await codes.send(new_phone, _ip())
    sender.outbox.clear()
    await _refused("RATE_LIMITED", codes.send(new_phone, _ip()))
    assert sender.outbox == {}
    ip = _ip()
    phones = [f"136{n:08d}" for n in range(int(new_phone[3:]), int(new_phone[3:]) + 4)]
    for phone in phones[:3]:
        await codes.send(phone, ip)
    await _refused("RATE_LIMITED", codes.send(phones[3], ip))
    assert phones[3] not in sender.outbox


async def test_a_wrong_code_over_graphql_is_a_coded_error_and_logs_in_nobody(
    api: Api, new_phone: str
) -> None:
    await api("mutation($p: String!) { requestSmsCode(phone: $p) { ok } }", {"p": new_phone})
    code = api.last_code(new_phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    bad = (await api(SMS_LOGIN, {"phone": new_phone, "code": wrong}))["data"]["loginWithSms"]
    assert bad["errors"] == [
        {"code": "INVALID_CODE", "field": "code", "message": "The code is wrong or was already used."}
    ]
    assert bad["accessToken"] is None
    bad_phone = (await api(SMS_LOGIN, {"phone": "12345", "code": code}))["data"]["loginWithSms"]
    assert bad_phone["errors"][0]["code"] == "INVALID_PHONE"
