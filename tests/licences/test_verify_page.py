"""The verifier's page is rendered in two parts: the licence's part once per kept snapshot (and per
set of checks), each scan's own part (purpose, chosen fields, time) every time. A scan must never
show what another scan of the same licence chose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from starlette.applications import Starlette

from luojiang.app.licences_wiring import build_licences
from luojiang.app.web.verify_page import page
from luojiang.core.licences.service import LicenceService, Verified
from tests.licences.support import issue_social_card


async def test_each_scan_shows_its_own_purpose_fields_and_time_on_the_kept_start(
    app: Starlette, licences: LicenceService
) -> None:
    now = datetime(2026, 3, 1, 1, 2, 3, tzinfo=UTC)
    services = app.state.services
    instance = build_licences(services.settings, services.identity.personal, clock=lambda: now).service
    licence, holder = await issue_social_card(licences)
    first = (await instance.show(holder, licence.id, "入住登记", ["name"])).token
    second = (await instance.show(holder, licence.id, "<b>租车</b>", ["bank"])).token

    one = await instance.redeem(first)
    now += timedelta(seconds=1)
    other = await instance.redeem(second)
    assert isinstance(one, Verified)
    assert isinstance(other, Verified)
    pages = [page(one).decode(), page(other).decode()]

    mine = [
        ("<dd>入住登记</dd>", "<dt>姓名</dt><dd>王小罗</dd>", "核验时间 2026-03-01 09:02:03（北京时间）"),
        ("<dd>&lt;b&gt;租车&lt;/b&gt;</dd>", "<dd>中国银行</dd>", "核验时间 2026-03-01 09:02:04（北京时间）"),
    ]
    for html, own, others in zip(pages, mine, reversed(mine), strict=True):
        for text in own:
            assert text in html
        for text in others:
            assert text not in html
    # one start, rendered once, for both scans of the licence
    (start,) = instance.snapshots[licence.id].rendered.values()
    assert all(p.encode().startswith(start) for p in pages)
    assert start.decode().endswith("<dt>用途</dt><dd>")
