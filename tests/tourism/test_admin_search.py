"""Administrators' tourism edits reach search at once (on this instance and, through the catalogue's
change announcement, on the others) and retire the cached public answers."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from luojiang.core.cache_tags import PREFIX
from luojiang.core.tourism.codes import point_code
from tests.tourism.admin_support import SAVE_POINT, SAVE_RESOURCE, WHERE, point_input, saved
from tests.tourism.support import ADMIN, execute

pytestmark = pytest.mark.usefixtures("scratch")
P1, P2 = "T-JQ-SCRATCH-P01", "T-JQ-SCRATCH-P02"
EDIT = """mutation($code: String!, $text: String!) {
  editGuideNarration(code: $code, language: "zh-CN", text: $text) { errors { code } }
}"""


async def _codes(app: Starlette, query: str, kind: str) -> list[str]:
    found = await app.state.services.search.search(query, 10, {kind})
    return [h.code for h in found.hits]


async def _relevance(app: Starlette, query: str) -> dict[str, float]:
    found = await app.state.services.search.search(query, 10, {"scenic_point"})
    return {h.code: h.relevance for h in found.hits}


async def test_an_edited_narration_is_found_by_search(app: Starlette) -> None:
    # search finds a point by its title and ranks it by its words, the narration's among them
    await saved(app, SAVE_POINT, {"input": point_input(P1, 100.5, name="试验亭甲")})
    await saved(app, SAVE_POINT, {"input": point_input(P2, 100.51, name="试验亭乙")})
    await app.state.services.search.index()  # built before the edit, as on a running instance
    before = await _relevance(app, "试验亭 铜鼓")
    assert before[P1] == before[P2]
    text = "亭中陈列着一面铜鼓。"
    body, _ = await execute(app, EDIT, {"code": point_code(P2), "text": text}, viewer=ADMIN)
    assert body["data"]["editGuideNarration"]["errors"] == []
    after = await _relevance(app, "试验亭 铜鼓")
    assert after[P2] > after[P1] > 0
    # the two come first in that order; other pavilions (潺亭) may follow on the word 亭
    assert (await _codes(app, "试验亭 铜鼓", "scenic_point"))[:2] == [P2, P1]


async def test_new_points_and_resources_are_found_by_search_and_retire_the_cache(app: Starlette) -> None:
    redis = app.state.services.redis
    version = int(await redis.get(PREFIX + "tourism") or 0)
    await saved(app, SAVE_POINT, {"input": point_input(P1, 100.5, name="试验观星台")})
    assert P1 in await _codes(app, "观星台", "scenic_point")
    shop = {"code": "T-RES-3", "kind": "特产店", "name": "试验蜜柚专卖", "location": WHERE}
    await saved(app, SAVE_RESOURCE, {"input": shop})
    assert "T-RES-3" in await _codes(app, "蜜柚专卖", "resource")
    assert int(await redis.get(PREFIX + "tourism") or 0) > version
