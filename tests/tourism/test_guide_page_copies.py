"""The /guide/{code} page is rendered once per point and language and kept while the tourism data
it shows is current: a change through the gateway shows at once, every view is still counted,
and what is not a page (an unknown code) is never kept."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from luojiang.core import cache_tags
from luojiang.core.tourism import scans
from luojiang.core.tourism.models import GuidePoint, Narration
from luojiang.core.tourism.rules import TOURISM_TAG, point_tag

CODE = "XWHS81NB"


async def test_a_kept_page_is_served_until_its_tourism_data_changes(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    point = await GuidePoint.get(code=CODE)
    narration = await Narration.get(point_id=point.id, language="en")
    original = narration.text
    first = (await client.get(f"/guide/{CODE}", params={"lang": "en"})).text
    try:
        # written behind the gateway's back: nothing tells the copies
        await Narration.filter(id=narration.id).update(text="Rewritten behind the gateway's back")
        kept = (await client.get(f"/guide/{CODE}", params={"lang": "en"})).text
        await cache_tags.invalidate(app.state.services.redis, point_tag(CODE))  # what an edit does
        fresh = (await client.get(f"/guide/{CODE}", params={"lang": "en"})).text
    finally:
        await Narration.filter(id=narration.id).update(text=original)
        await cache_tags.invalidate(app.state.services.redis, TOURISM_TAG)

    assert kept == first
    assert "Rewritten behind the gateway&#x27;s back" in fresh


async def test_every_view_of_a_kept_page_is_counted(app: Starlette, client: httpx.AsyncClient) -> None:
    redis = app.state.services.redis
    point = await GuidePoint.get(code=CODE)
    field = f"{scans.today().isoformat()}|{point.id}|web"
    before = int(await redis.hget(scans.LIVE, field) or 0)
    for _ in range(3):
        assert (await client.get(f"/guide/{CODE}")).status_code == 200
    assert int(await redis.hget(scans.LIVE, field) or 0) == before + 3


async def test_unknown_and_malformed_codes_are_404_every_time(client: httpx.AsyncClient) -> None:
    for code in ("ZZZZZZZZ", "ZZZZZZZZ", "not-a-code", "<script>", "%3Cscript%3E"):
        response = await client.get(f"/guide/{code}")
        assert response.status_code == 404
        assert "<script>" not in response.text
