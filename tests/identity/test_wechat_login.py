"""WeChat mini-program login against the fake WeChat API: codes, phone watermark, error codes, and
the access token shared by instances through Redis."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator

import httpx
import pytest

from luojiang.adapters.wechat.access_token import StableAccessToken
from luojiang.core.identity.models import ChannelIdentity, Person
from tests.fakes.routing import FakeHosts
from tests.identity.platforms import Channels

LOGIN = """mutation($code: String!, $phone: String) { loginWithWechat(code: $code, phoneCode: $phone) {
  accessToken errors { code } me { id phone assuranceLevel } } }"""

_openids = itertools.count(1)


def _openid() -> str:
    return f"oWx-test-{next(_openids):06d}"


async def _counts() -> tuple[int, int]:
    return await Person.all().count(), await ChannelIdentity.all().count()


async def _login(channels: Channels, code: str, phone_code: str | None = None) -> dict:  # type: ignore[type-arg]
    body = await channels.api(LOGIN, {"code": code, "phone": phone_code})
    payload: dict = body["data"]["loginWithWechat"]  # type: ignore[type-arg]
    return payload


async def test_login_with_phone_links_to_the_sms_account(channels: Channels, new_phone: str) -> None:
    sms = await channels.api.login(new_phone)
    openid = _openid()
    wechat = await _login(
        channels, channels.wechat.login_code(openid), channels.wechat.phone_code(new_phone, openid)
    )
    assert wechat["errors"] == []
    assert wechat["me"] == {
        "id": sms["me"]["id"],
        "phone": f"{new_phone[:3]}****{new_phone[-4:]}",
        "assuranceLevel": "L1",
    }
    again = await _login(channels, channels.wechat.login_code(openid))
    assert again["me"]["id"] == sms["me"]["id"]


async def test_login_without_phone_is_a_new_unverified_person(channels: Channels) -> None:
    payload = await _login(channels, channels.wechat.login_code(_openid(), unionid="union-1"))
    assert payload["errors"] == []
    assert payload["me"]["phone"] is None
    assert payload["me"]["assuranceLevel"] == "NONE"


async def test_reused_expired_and_blocked_codes_are_refused_and_change_nothing(channels: Channels) -> None:
    fake = channels.wechat
    used = fake.login_code(_openid())
    await _login(channels, used)
    expired = fake.login_code(_openid())
    blocked = fake.login_code(_openid())
    fake.blocked.add(blocked)
    before = await _counts()
    fake.now += 301
    try:
        assert (await _login(channels, used))["errors"] == [{"code": "INVALID_CODE"}]
        assert (await _login(channels, expired))["errors"] == [{"code": "INVALID_CODE"}]
        assert (await _login(channels, blocked))["errors"] == [{"code": "LOGIN_BLOCKED"}]
        fake.busy = True
        assert (await _login(channels, fake.login_code(_openid())))["errors"] == [
            {"code": "PLATFORM_UNAVAILABLE"}
        ]
    finally:
        fake.busy = False
        fake.now -= 301
    assert await _counts() == before


async def test_a_phone_number_watermarked_for_another_app_is_refused(
    channels: Channels, new_phone: str
) -> None:
    openid = _openid()
    code, phone_code = channels.wechat.login_code(openid), channels.wechat.phone_code(new_phone, openid)
    before = await _counts()
    channels.wechat.watermark_appid = "wx-someone-else"
    try:
        payload = await _login(channels, code, phone_code)
    finally:
        channels.wechat.watermark_appid = None
    assert payload == {"accessToken": None, "errors": [{"code": "WRONG_APP"}], "me": None}
    assert await _counts() == before


async def test_a_rejected_access_token_is_dropped_and_the_call_retried_once(
    channels: Channels, new_phone: str
) -> None:
    openid = _openid()
    await _login(channels, channels.wechat.login_code(openid), channels.wechat.phone_code(new_phone, openid))
    fetches = channels.wechat.token_fetches
    channels.wechat.expire_access_token()  # the cached token now gets 40001
    other = _openid()
    payload = await _login(
        channels, channels.wechat.login_code(other), channels.wechat.phone_code("137" + new_phone[3:], other)
    )
    assert payload["errors"] == []
    assert payload["me"]["assuranceLevel"] == "L1"
    assert channels.wechat.token_fetches == fetches + 1


def _instance(channels: Channels, redis: object) -> StableAccessToken:
    """What a second gateway process builds: its own HTTP client and locks, the same Redis."""
    http = httpx.AsyncClient(transport=FakeHosts({"api.weixin.qq.com": channels.wechat.app()}))
    return StableAccessToken(
        http=http,
        redis=redis,
        api_base="https://api.weixin.qq.com",
        app_id=channels.wechat.app_id,
        secret=channels.wechat.secret,  # type: ignore[arg-type]
    )


@pytest.fixture
async def two_instances(channels: Channels) -> AsyncIterator[tuple[StableAccessToken, StableAccessToken]]:
    from luojiang.core.cache import create_redis

    settings = channels.api.services.settings
    shared = channels.api.services.redis
    # on a Redis server the second instance gets its own connection; the in-process store is one object
    second = create_redis(settings) if settings.redis_url else shared
    try:
        first, other = _instance(channels, shared), _instance(channels, second)
        await shared.delete(first.cache_key, first.lock_key)
        yield first, other
    finally:
        if second is not shared:
            await second.aclose()


async def test_two_instances_sharing_redis_fetch_the_token_once(
    channels: Channels, two_instances: tuple[StableAccessToken, StableAccessToken]
) -> None:
    first, second = two_instances
    before = channels.wechat.token_fetches
    tokens = await asyncio.gather(*(instance.get() for instance in (first, second) for _ in range(5)))
    assert channels.wechat.token_fetches == before + 1
    assert len(set(tokens)) == 1


async def test_dropping_a_failed_token_keeps_a_newer_one(
    channels: Channels, two_instances: tuple[StableAccessToken, StableAccessToken]
) -> None:
    first, second = two_instances
    old = await first.get()
    channels.wechat.expire_access_token()
    await first.drop(old)
    new = await first.get()
    assert new != old
    await second.drop(old)  # a late failure report from the other instance
    assert await second.get() == new
