"""The WeChat mini-program code adapter against a fake of ``wxacode.getUnlimited`` over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from luojiang.adapters.wechat_qr.client import WeChatCodeMaker, scene_for
from luojiang.core.tourism.codes import point_code
from luojiang.core.tourism.ports import CodeRequest, UpstreamRefused, UpstreamUnavailable
from tests.fakes.wechat_wxacode import FakeTokens, FakeWxaCode

BASE = "https://api.weixin.test"
REQUEST = CodeRequest("GQR4FNWD", "游客中心", "https://guide.test/guide/GQR4FNWD")


@pytest.fixture
def fake() -> FakeWxaCode:
    return FakeWxaCode()


@pytest.fixture
async def http(fake: FakeWxaCode) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app())) as client:
        yield client


def maker(http: httpx.AsyncClient, tokens: FakeTokens | None = None) -> WeChatCodeMaker:
    return WeChatCodeMaker(
        http, BASE, tokens or FakeTokens(), page="pages/guide/index", env_version="release"
    )


async def test_the_image_bytes_come_back(fake: FakeWxaCode, http: httpx.AsyncClient) -> None:
    image = await maker(http).make(REQUEST)
    assert image.content_type == "image/png"
    assert image.extension == "png"
    assert image.data.startswith(b"\x89PNG")
    assert fake.calls == [
        {
            "token": "token-2",
            "scene": "c=GQR4FNWD",
            "page": "pages/guide/index",
            "check_path": True,
            "env_version": "release",
            "width": 430,
        }
    ]


async def test_a_stale_token_is_discarded_and_the_call_made_once_more(
    fake: FakeWxaCode, http: httpx.AsyncClient
) -> None:
    tokens = FakeTokens(tokens=["token-1", "token-2"])
    image = await maker(http, tokens).make(REQUEST)
    assert image.data.startswith(b"\x89PNG")
    assert tokens.discarded == ["token-1"]
    assert [c["token"] for c in fake.calls] == ["token-1", "token-2"]


async def test_a_token_that_stays_stale_is_retryable(fake: FakeWxaCode, http: httpx.AsyncClient) -> None:
    with pytest.raises(UpstreamUnavailable, match="40001"):
        await maker(http, FakeTokens(tokens=["token-0"])).make(REQUEST)
    assert len(fake.calls) == 2


@pytest.mark.parametrize(
    ("scripted", "error", "text"),
    [
        ({"errcode": 45009, "errmsg": "reach max api daily quota limit"}, UpstreamUnavailable, "45009"),
        ({"errcode": -1, "errmsg": "system error"}, UpstreamUnavailable, "-1: system error"),
        (502, UpstreamUnavailable, "unexpected text/html"),
        ({"errcode": 40097, "errmsg": "invalid args"}, UpstreamRefused, "40097: invalid args"),
    ],
)
async def test_json_errors_are_told_apart(
    fake: FakeWxaCode,
    http: httpx.AsyncClient,
    scripted: dict[str, object] | int,
    error: type[Exception],
    text: str,
) -> None:
    fake.queued.append(scripted)
    with pytest.raises(error, match=text):
        await maker(http).make(REQUEST)


async def test_an_unpublished_page_is_refused(http: httpx.AsyncClient) -> None:
    unpublished = WeChatCodeMaker(http, BASE, FakeTokens(), page="pages/not/there")
    with pytest.raises(UpstreamRefused, match="41030"):
        await unpublished.make(REQUEST)


async def test_an_unreachable_platform_is_retryable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as http:
        with pytest.raises(UpstreamUnavailable, match="unreachable: ConnectError"):
            await maker(http).make(REQUEST)


def test_every_point_code_fits_the_scene() -> None:
    scenes = {
        scene_for(point_code(f"LJ-JQ-{area}-P{n:02d}"))
        for area in ("BMG", "TYGL", "LONGNAMEAREA")
        for n in range(99)
    }
    assert all(len(scene) == 10 for scene in scenes)
    with pytest.raises(UpstreamRefused):
        scene_for("含中文")
