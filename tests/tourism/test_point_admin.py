"""Administrators keep guide points: the printed code follows from the catalogue id as on import,
moving, adding or retiring a point re-ranks the neighbours, and a retired point leaves its routes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.applications import Starlette

from luojiang.core.tourism.codes import point_code
from luojiang.core.tourism.models import ContentEdit, GuidePoint, Narration, Route
from tests.tourism.admin_support import (
    AREA,
    NEARBY,
    RETIRE_POINT,
    SAVE_POINT,
    SAVE_RESOURCE,
    admin,
    point_input,
    saved,
)
from tests.tourism.support import CITIZEN, execute

pytestmark = pytest.mark.usefixtures("scratch")
P1, P2, P3 = "T-JQ-SCRATCH-P01", "T-JQ-SCRATCH-P02", "T-JQ-SCRATCH-P03"


async def _nearby(app: Starlette, catalogue_id: str) -> dict[str, Any]:
    body, _ = await execute(app, NEARBY, {"code": point_code(catalogue_id)})
    nearby: dict[str, Any] = body["data"]["guidePoint"]
    return nearby


async def test_a_new_point_gets_the_code_an_import_would_give_it(app: Starlette) -> None:
    payload = await saved(app, SAVE_POINT, {"input": point_input(P1, 100.5)})
    assert payload["point"] == {
        "code": point_code(P1),
        "catalogueId": P1,
        "name": "试验点01",
        "durationSeconds": 60,
        "location": {"lng": 100.5, "lat": 30.0},
        "area": {"code": AREA},
        "narration": {"text": "这里是试验讲解。"},
    }
    edit = await ContentEdit.get(target=f"point:{P1}", action="create")
    assert (edit.actor, edit.before, edit.after["code"]) == ("person:7", None, point_code(P1))
    assert await ContentEdit.exists(target=f"narration:{P1}:zh-CN", action="edit_text")


async def test_a_moved_point_changes_its_neighbours(app: Starlette) -> None:
    for catalogue_id, lng in ((P1, 100.5), (P2, 100.51), (P3, 100.7)):  # P3 is 19 km away
        await saved(app, SAVE_POINT, {"input": point_input(catalogue_id, lng)})
    before = await _nearby(app, P1)
    assert [n["point"]["catalogueId"] for n in before["nearbyPoints"]] == [P2]
    # an edit without narration keeps the text, and moves P3 to 200 m from P1
    await saved(app, SAVE_POINT, {"input": point_input(P3, 100.502, narration=None)})
    after = await _nearby(app, P1)
    assert [n["point"]["catalogueId"] for n in after["nearbyPoints"]] == [P3, P2]
    assert after["nearbyPoints"][0]["distanceMeters"] == 193
    assert (await Narration.get(point__catalogue_id=P3, language="zh-CN")).text == "这里是试验讲解。"
    edit = await ContentEdit.get(target=f"point:{P3}", action="update")
    assert (edit.before["lng"], edit.after["lng"]) == (100.7, 100.502)


async def test_points_saved_at_once_each_see_the_other_as_a_neighbour(app: Starlette) -> None:
    await saved(app, SAVE_POINT, {"input": point_input(P1, 100.5)})
    both = [point_input(P2, 100.51), point_input(P3, 100.52)]
    payloads = await asyncio.gather(*(admin(app, SAVE_POINT, {"input": p}) for p in both))
    assert [p["errors"] for p in payloads] == [[], []]
    assert [n["point"]["catalogueId"] for n in (await _nearby(app, P1))["nearbyPoints"]] == [P2, P3]
    assert [n["point"]["catalogueId"] for n in (await _nearby(app, P3))["nearbyPoints"]] == [P2, P1]


async def test_a_new_or_retired_resource_changes_the_nearby_resources(app: Starlette) -> None:
    await saved(app, SAVE_POINT, {"input": point_input(P1, 100.5)})
    assert (await _nearby(app, P1))["nearbyResources"] == []
    shop = {
        "code": "T-RES-2",
        "kind": "特产店",
        "name": "试验特产店",
        "location": {"lng": 100.501, "lat": 30.0},
    }
    await saved(app, SAVE_RESOURCE, {"input": shop})
    assert (await _nearby(app, P1))["nearbyResources"] == [{"resource": {"code": "T-RES-2"}}]
    retire = 'mutation { retireTourismResource(code: "T-RES-2") { errors { code } } }'
    await saved(app, retire, {})
    assert (await _nearby(app, P1))["nearbyResources"] == []


async def test_a_retired_point_leaves_its_routes_and_neighbours(app: Starlette) -> None:
    for catalogue_id, lng in ((P1, 100.5), (P2, 100.51)):
        await saved(app, SAVE_POINT, {"input": point_input(catalogue_id, lng)})
    p1, p2 = await GuidePoint.get(catalogue_id=P1), await GuidePoint.get(catalogue_id=P2)
    await Route.create(code="T-WALK", area_id=p1.area_id, name="试验线路", point_ids=[p2.id, p1.id])
    await saved(app, RETIRE_POINT, {"code": p2.code})
    assert (await Route.get(code="T-WALK")).point_ids == [p1.id]
    assert (await _nearby(app, P1))["nearbyPoints"] == []
    body, _ = await execute(app, NEARBY, {"code": p2.code})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await ContentEdit.exists(target=f"point:{P2}", action="retire")
    # saving it again brings it back
    await saved(app, SAVE_POINT, {"input": point_input(P2, 100.51)})
    assert [n["point"]["catalogueId"] for n in (await _nearby(app, P1))["nearbyPoints"]] == [P2]


async def test_positions_order_the_tour_and_the_full_tour_follows(app: Starlette) -> None:
    await saved(app, SAVE_POINT, {"input": point_input(P1, 100.5)})
    await saved(app, SAVE_POINT, {"input": point_input(P2, 100.51)})  # goes last
    p1, p2 = await GuidePoint.get(catalogue_id=P1), await GuidePoint.get(catalogue_id=P2)
    assert (p1.position, p2.position) == (0, 1)
    full = await Route.create(code=f"{AREA}-ALL", area_id=p1.area_id, name="全程", point_ids=[p1.id])
    await saved(app, SAVE_POINT, {"input": point_input(P2, 100.51, position=0, narration=None)})
    await saved(app, SAVE_POINT, {"input": point_input(P1, 100.5, position=1, narration=None)})
    await full.refresh_from_db()
    assert full.point_ids == [p2.id, p1.id]


async def test_bad_points_are_refused_and_change_nothing(app: Starlette) -> None:
    await saved(app, SAVE_POINT, {"input": point_input(P1, 100.5)})
    edits = await ContentEdit.all().count()
    cases = [
        (point_input(P2, 100.5, narration=None), ("INVALID_VALUE", "narration")),  # new: needs a text
        (point_input(P1, 100.5, narration="长" * 5001), ("INVALID_VALUE", "narration")),
        (point_input(P1, 100.5, durationSeconds=-1), ("INVALID_VALUE", "durationSeconds")),
        (point_input(P1, 200.0), ("INVALID_VALUE", "location.lng")),
        (point_input(P1, 100.5, name=""), ("INVALID_VALUE", "name")),
        (point_input("", 100.5), ("INVALID_VALUE", "catalogueId")),
        (point_input(P1, 100.5, position=-1), ("INVALID_VALUE", "position")),
        (point_input(P1, 100.5, area="T-NOWHERE"), ("NOT_FOUND", "area")),
    ]
    for variables, error in cases:
        payload = await admin(app, SAVE_POINT, {"input": variables})
        assert payload["point"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [error]
    point = await GuidePoint.get(catalogue_id=P1)
    assert (point.lng, point.duration_s, point.name, point.position) == (100.5, 60, "试验点01", 0)
    assert not await GuidePoint.exists(catalogue_id=P2)
    assert await ContentEdit.all().count() == edits


async def test_visitors_and_citizens_may_not_keep_points(app: Starlette) -> None:
    await saved(app, SAVE_POINT, {"input": point_input(P1, 100.5)})
    for viewer in (None, CITIZEN):
        for query, variables in (
            (SAVE_POINT, {"input": point_input(P1, 100.6)}),
            (RETIRE_POINT, {"code": point_code(P1)}),
        ):
            body, _ = await execute(app, query, variables, viewer=viewer)
            assert body["data"] is None
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    point = await GuidePoint.get(catalogue_id=P1)
    assert (point.lng, point.retired_at) == (100.5, None)
