"""The /guide/{code} page over HTTP: the right language, a clear page for unknown codes and
unsupported languages, escaped content, and every view counted as a web scan."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from luojiang.core.tourism import scans
from luojiang.core.tourism.models import GuidePoint

CENTRE = "GQR4FNWD"


async def test_the_page_shows_the_point_in_chinese_by_default(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/guide/{CENTRE}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    page = response.text
    assert page.startswith('<!doctype html><html lang="zh-CN">')
    assert "<h1>游客中心</h1>" in page
    assert '<p id="transcript">欢迎来到白马关景区。' in page
    assert '<a hreflang="en" href="?lang=en">English</a>' in page
    assert '<a id="next" href="/guide/X5Y08RFA?lang=zh-CN">白马关关楼</a>' in page
    assert "<li>白马关三国宴（饭店，251 m）</li>" in page


async def test_the_language_switch_gives_the_english_page(client: httpx.AsyncClient) -> None:
    page = (await client.get(f"/guide/{CENTRE}", params={"lang": "en"})).text
    assert page.startswith('<!doctype html><html lang="en">')
    assert '<p id="transcript">Welcome to Baimaguan Pass' in page
    assert '<a hreflang="en" href="?lang=en" aria-current="true">English</a>' in page
    assert "<h2>Transcript</h2>" in page


async def test_an_unsupported_language_shows_chinese_and_says_so(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/guide/{CENTRE}", params={"lang": "tlh"})
    assert response.status_code == 200
    assert '<p class="note" id="language-refused">暂不支持所选语言，已显示中文。</p>' in response.text
    assert '<html lang="zh-CN">' in response.text


async def test_an_unknown_code_is_a_friendly_404(client: httpx.AsyncClient) -> None:
    for code in ("ZZZZZZZZ", "not-a-code", "<script>"):
        response = await client.get(f"/guide/{code}")
        assert response.status_code == 404
        assert "未找到讲解点" in response.text
        assert "<script>" not in response.text


async def test_content_is_escaped(app: Starlette, client: httpx.AsyncClient) -> None:
    tourism = app.state.services.tourism
    await tourism.edit_narration("admin-7", "4DNT82BZ", "ko", '<img src=x onerror="alert(1)">')
    page = (await client.get("/guide/4DNT82BZ", params={"lang": "ko"})).text
    assert '<p id="transcript">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>' in page


async def test_each_view_counts_as_a_web_scan(app: Starlette, client: httpx.AsyncClient) -> None:
    redis = app.state.services.redis
    point = await GuidePoint.get(code="XWHS81NB")
    field = f"{scans.today().isoformat()}|{point.id}|web"
    before = int(await redis.hget(scans.LIVE, field) or 0)
    await client.get("/guide/XWHS81NB")
    await client.get("/guide/xwhs81nb")
    assert int(await redis.hget(scans.LIVE, field) or 0) == before + 2
