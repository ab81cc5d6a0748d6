"""/verify/{token} by method and by path: HEAD (link previews, scanners) answers without reading
or spending the token, other methods are refused and spend nothing, paths that hold no single
token get the invalid-code page; and the page still runs inside the request context."""

from __future__ import annotations

import logging

import httpx
import pytest
from starlette.applications import Starlette

from luojiang.core.licences.models import LicenceUse
from luojiang.core.licences.service import LicenceService
from luojiang.core.logs import RequestIdFilter
from tests.licences.support import issue_social_card


async def _token(licences: LicenceService) -> tuple[str, int]:
    licence, owner = await issue_social_card(licences)
    return (await licences.show(owner, licence.id, "入住登记", ["name"])).token, licence.id


async def test_a_head_spends_nothing_and_the_get_after_it_shows_the_licence_once(
    licences: LicenceService, client: httpx.AsyncClient
) -> None:
    token, licence_id = await _token(licences)
    for _ in range(2):
        probe = await client.head(f"/verify/{token}")
        assert probe.status_code == 200
        assert probe.content == b""
        assert probe.headers["cache-control"] == "no-store"
        assert probe.headers["referrer-policy"] == "no-referrer"
    assert await LicenceUse.filter(licence_id=licence_id).count() == 0

    page = await client.get(f"/verify/{token}")
    assert page.status_code == 200
    assert 'data-verdict="passed"' in page.text
    assert "<dt>姓名</dt><dd>王小罗</dd>" in page.text
    assert int(page.headers["content-length"]) == len(page.content)
    again = await client.get(f"/verify/{token}")
    assert again.status_code == 410
    assert "王小罗" not in again.text
    # a HEAD after the scan says nothing of it either: the same answer as before
    assert (await client.head(f"/verify/{token}")).status_code == 200
    assert await LicenceUse.filter(licence_id=licence_id).count() == 1


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])
async def test_other_methods_are_refused_and_spend_nothing(
    licences: LicenceService, client: httpx.AsyncClient, method: str
) -> None:
    token, licence_id = await _token(licences)
    refused = await client.request(method, f"/verify/{token}", content=b"{}")
    assert refused.status_code == 405
    assert refused.headers["allow"] == "GET, HEAD"
    assert refused.content == b""
    assert await LicenceUse.filter(licence_id=licence_id).count() == 0
    assert (await client.get(f"/verify/{token}")).status_code == 200


async def test_paths_without_exactly_one_token_get_the_invalid_code_page(
    licences: LicenceService, client: httpx.AsyncClient
) -> None:
    token, licence_id = await _token(licences)
    for path in ("/verify/", "/verify/a/b", f"/verify/{token}/", f"/verify/{token}/x", f"/verify//{token}"):
        page = await client.get(path)
        assert page.status_code == 404, path
        assert 'data-verdict="forged"' in page.text, path
        assert "二维码无效" in page.text
        assert "社会保障卡" not in page.text
        assert page.headers["cache-control"] == "no-store"
        probe = await client.head(path)
        assert (probe.status_code, probe.content) == (404, b""), path
        assert (await client.post(path)).status_code == 404, path
    assert await LicenceUse.filter(licence_id=licence_id).count() == 0
    assert (await client.get(f"/verify/{token}")).status_code == 200


async def test_the_page_is_served_inside_the_request_context(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="luojiang.access")
    caplog.handler.addFilter(RequestIdFilter())
    await client.get(f"/verify/{'A' * 48}", headers={"x-request-id": "req-verify-1"})
    (line,) = [r for r in caplog.records if r.name == "luojiang.access"]
    assert (getattr(line, "request_id", None), getattr(line, "status", None)) == ("req-verify-1", 404)


async def test_the_rest_of_the_gateway_is_still_routed(app: Starlette, client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).status_code == 200
    assert (await client.get("/verify")).status_code == 404  # no token at all: not the page's path
    keys = await client.get("/.well-known/licence-keys.json")
    assert keys.status_code == 200
