"""Code images made by jobs through the real wiring against the platform fakes: stored, reused,
retried on retryable failures, and a refusal recorded for administrators, never a 500."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from pydantic import SecretStr
from starlette.applications import Starlette

from luojiang.app.tourism_wiring import build_tourism_deps
from luojiang.core.tourism.models import GuidePoint, QrCode, ScenicArea
from luojiang.workers.registry import GENERATE_GUIDE_CODE
from luojiang.workers.tourism import TourismDeps, generate_area_codes, generate_guide_code
from tests.fakes.alipay_qrcode import FakeAlipayQrCode, new_key
from tests.fakes.routing import FakeHosts
from tests.fakes.wechat import FakeWeChat as LoginWeChat
from tests.fakes.wechat_wxacode import FakeTokens, FakeWxaCode
from tests.support.jobs import quick_job_settings, running_engine
from tests.support.waiting import until
from tests.tourism.support import ADMIN, execute

APP_KEY = new_key()
CODES = """query($area: String!) { guideCodes(area: $area) { pointCode kind status imageUrl error } }"""


@pytest.fixture
def wechat() -> FakeWxaCode:
    return FakeWxaCode()


@pytest.fixture
def alipay() -> FakeAlipayQrCode:
    return FakeAlipayQrCode(app_id="2021000000000001", app_public_key=APP_KEY.public_key())


@pytest.fixture
async def http(wechat: FakeWxaCode, alipay: FakeAlipayQrCode) -> AsyncIterator[httpx.AsyncClient]:
    router = FakeHosts(
        {
            "api.weixin.test": wechat.app(),
            "openapi.alipay.test": alipay.app(),
            "mdn.alipayobjects.test": alipay.app(),
        }
    )
    async with httpx.AsyncClient(transport=router) as client:
        yield client


def deps(
    app: Starlette, http: httpx.AsyncClient, alipay: FakeAlipayQrCode, **overrides: object
) -> TourismDeps:
    private_pem = APP_KEY.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = (
        alipay.alipay_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    settings = app.state.services.settings.model_copy(
        update={
            "wechat_api_base": "https://api.weixin.test",
            "alipay_gateway_url": "https://openapi.alipay.test/gateway.do",
            "alipay_app_id": "2021000000000001",
            "alipay_public_key": public_pem,
            "alipay_private_key": SecretStr(private_pem),
            **overrides,
        }
    )
    services = app.state.services
    return build_tourism_deps(settings, services.redis, services.storage, http, wechat_tokens=FakeTokens())


async def _point(code: str) -> GuidePoint:
    return await GuidePoint.get(code=code)


async def test_codes_of_every_kind_are_made_stored_and_reused(
    app: Starlette, http: httpx.AsyncClient, wechat: FakeWxaCode, alipay: FakeAlipayQrCode
) -> None:
    jobs = deps(app, http, alipay)
    area = await ScenicArea.get(code="LJ-JQ-GFZ")
    for kind in ("url", "wechat", "alipay"):
        results = await generate_area_codes(jobs, area.id, kind)
        assert list(results.values()) == ["ready"] * 4
    assert len(wechat.calls) == 4
    assert len(alipay.requests) == 4
    point = await GuidePoint.filter(area_id=area.id).order_by("position").first()
    assert point is not None
    stored = {row.kind: row for row in await QrCode.filter(point_id=point.id)}
    assert stored["url"].storage_key == f"tourism/codes/{point.code}/url.svg"
    assert stored["wechat"].storage_key == f"tourism/codes/{point.code}/wechat.png"
    assert stored["alipay"].storage_key == f"tourism/codes/{point.code}/alipay.png"
    assert (await app.state.services.storage.get(stored["wechat"].storage_key)).startswith(b"\x89PNG")
    # run twice: nothing is asked of the platforms again
    assert await generate_guide_code(jobs, point.id, "wechat") == "ready"
    assert await generate_guide_code(jobs, point.id, "alipay") == "ready"
    assert (len(wechat.calls), len(alipay.requests)) == (4, 4)
    body, _ = await execute(app, CODES, {"area": "LJ-JQ-GFZ"}, viewer=ADMIN)
    codes = body["data"]["guideCodes"]
    assert len(codes) == 12
    assert {c["status"] for c in codes} == {"ready"}
    assert codes[1]["imageUrl"].endswith(f"/media/tourism/codes/{point.code}/wechat.png")


async def test_a_refusal_is_recorded_and_shown_not_raised(
    app: Starlette, http: httpx.AsyncClient, alipay: FakeAlipayQrCode, wechat: FakeWxaCode
) -> None:
    jobs = deps(app, http, alipay, wechat_guide_page="pages/missing/index")
    point = await _point("9AYYC972")
    assert await generate_guide_code(jobs, point.id, "wechat") == "failed"
    row = await QrCode.get(point_id=point.id, kind="wechat")
    assert row.error == "wechat wxacode 41030: invalid page rid: 6540ba0a-1f2c4b3e-3a1e9c2d"
    assert row.storage_key is None
    body, _ = await execute(app, CODES, {"area": "LJ-JQ-BMG"}, viewer=ADMIN)
    assert "errors" not in body
    shown = [c for c in body["data"]["guideCodes"] if c["pointCode"] == "9AYYC972" and c["kind"] == "wechat"]
    assert shown == [
        {"pointCode": "9AYYC972", "kind": "wechat", "status": "failed", "imageUrl": None, "error": row.error}
    ]


async def test_retryable_failures_are_retried_with_backoff(
    app: Starlette, http: httpx.AsyncClient, alipay: FakeAlipayQrCode, wechat: FakeWxaCode
) -> None:
    jobs = deps(app, http, alipay)
    point = await _point("4DNT82BZ")
    wechat.queued.extend([{"errcode": 45009, "errmsg": "quota"}, 503])
    settings = quick_job_settings(app.state.services.settings)

    async def ready() -> bool:
        return await QrCode.filter(point_id=point.id, kind="wechat", status="ready").exists()

    async with running_engine(settings, tourism=jobs) as engine:  # the registered job, retried by the engine
        await engine.enqueue(GENERATE_GUIDE_CODE, point_id=point.id, kind="wechat")
        await until(ready)
    row = await QrCode.get(point_id=point.id, kind="wechat")
    assert (row.status, row.attempts, row.error) == ("ready", 3, "")


async def test_an_unconfigured_platform_is_a_recorded_failure(
    app: Starlette, http: httpx.AsyncClient, alipay: FakeAlipayQrCode
) -> None:
    jobs = deps(app, http, alipay, alipay_app_id="")
    assert "alipay" not in jobs.code_makers
    point = await _point("112VZJPZ")
    assert await generate_guide_code(jobs, point.id, "alipay") == "failed"
    assert (await QrCode.get(point_id=point.id, kind="alipay")).error == "alipay codes are not configured"


async def test_wechat_codes_share_the_logins_stable_token_through_redis(
    app: Starlette, alipay: FakeAlipayQrCode
) -> None:
    login_fake = LoginWeChat(app_id="wx-tourism-test", secret="wechat-test-secret")
    codes_fake = FakeWxaCode(current_token=lambda: login_fake.access_token)
    one_wechat = Starlette(routes=[*login_fake.app().routes, *codes_fake.app().routes])
    async with httpx.AsyncClient(transport=FakeHosts({"api.weixin.test": one_wechat})) as http:
        settings = app.state.services.settings.model_copy(
            update={
                "wechat_api_base": "https://api.weixin.test",
                "wechat_appid": "wx-tourism-test",
                "wechat_secret": SecretStr("wechat-test-secret"),
            }
        )
        services = app.state.services
        jobs = build_tourism_deps(settings, services.redis, services.storage, http)
        point = await _point("JHKEH4J6")
        await QrCode.filter(point_id=point.id, kind="wechat").delete()
        assert await generate_guide_code(jobs, point.id, "wechat") == "ready"
        login_fake.expire_access_token()  # WeChat rotated it: 40001, then one fresh stable_token
        await QrCode.filter(point_id=point.id, kind="wechat").delete()
        assert await generate_guide_code(jobs, point.id, "wechat") == "ready"
    assert login_fake.token_fetches == 2
    assert [c["scene"] for c in codes_fake.calls] == ["c=JHKEH4J6"] * 3
