"""The plain URL code opens the guide page, and the printable sheet holds every point's code with
its name; in a real browser every code on the sheet decodes to its point's page."""

from __future__ import annotations

import re

import httpx
import zxingcpp
from PIL import Image
from starlette.applications import Starlette

from luojiang.core.tourism.models import GuidePoint
from luojiang.core.tourism.qr import guide_url, url_qr
from tests.support.browser import chromium_or_skip, screenshot
from tests.tourism.support import ADMIN
from tests.tourism.test_guide_browser import ARTIFACTS
from tests.tourism.test_media import bearer_client


def decode(matrix_rows: list[bytes]) -> list[str]:
    height, width = len(matrix_rows), len(matrix_rows[0])
    pixels = memoryview(b"".join(matrix_rows)).cast("B", (height, width))
    return [result.text for result in zxingcpp.read_barcodes(pixels)]


def test_the_url_code_decodes_to_the_guide_page() -> None:
    url = guide_url("https://guide.luojiang.test/", "GQR4FNWD")
    assert url == "https://guide.luojiang.test/guide/GQR4FNWD"
    rows = [bytes(0 if dark else 255 for dark in row) for row in url_qr(url).matrix_iter(scale=4, border=4)]
    assert decode(rows) == [url]


async def _sheet(app: Starlette, path: str, admin: bool = True) -> httpx.Response:
    if admin:
        async with bearer_client(app, ADMIN) as http:
            return await http.get(path)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        return await http.get(path)


async def test_the_sheet_names_every_point_of_the_area(app: Starlette) -> None:
    response = await _sheet(app, "/admin/tourism/areas/LJ-JQ-TYGL/codes.svg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    points = await GuidePoint.filter(area__code="LJ-JQ-TYGL").order_by("position")
    svg = response.text
    assert svg.count("<image ") == len(points) == 5
    names = re.findall(r'font-size="5" text-anchor="middle">([^<]+)</text>', svg)
    assert names == [p.name for p in points]
    assert "李调元故里 · 扫码收听（任意相机）" in svg


async def test_platform_sheets_mark_codes_not_made_yet(app: Starlette) -> None:
    svg = (await _sheet(app, "/admin/tourism/areas/LJ-JQ-MYTY/codes.svg?kind=alipay")).text
    assert svg.count("<image ") == 0
    assert svg.count(">未生成</text>") == 4


async def test_sheet_requests_that_cannot_be_served(app: Starlette) -> None:
    assert (await _sheet(app, "/admin/tourism/areas/LJ-JQ-TYGL/codes.svg", admin=False)).status_code == 403
    unknown = await _sheet(app, "/admin/tourism/areas/NOPE/codes.svg")
    assert (unknown.status_code, unknown.json()) == (
        404,
        {"errors": [{"code": "NOT_FOUND", "field": "area"}]},
    )
    bad_kind = await _sheet(app, "/admin/tourism/areas/LJ-JQ-TYGL/codes.svg?kind=baidu")
    assert (bad_kind.status_code, bad_kind.json()["errors"][0]["code"]) == (400, "INVALID_KIND")


async def test_every_code_on_the_printed_sheet_opens_its_point(app: Starlette) -> None:
    chromium_or_skip()
    svg = (await _sheet(app, "/admin/tourism/areas/LJ-JQ-TYGL/codes.svg")).content
    sheet_file = ARTIFACTS / "sheet-LJ-JQ-TYGL.svg"
    sheet_file.parent.mkdir(parents=True, exist_ok=True)
    sheet_file.write_bytes(svg)
    shot = ARTIFACTS / "sheet-LJ-JQ-TYGL.png"
    await screenshot(sheet_file.as_uri(), shot, width=1240, height=1200)
    found = {result.text for result in zxingcpp.read_barcodes(Image.open(shot))}
    points = await GuidePoint.filter(area__code="LJ-JQ-TYGL")
    base = app.state.services.settings.public_base_url
    assert found == {guide_url(base, p.code) for p in points}
