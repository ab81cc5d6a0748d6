"""Administrators keep walking routes: live points of one area, in walking order, audited."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from luojiang.core.tourism.codes import point_code
from luojiang.core.tourism.models import ContentEdit, Route, ScenicArea
from tests.tourism.admin_support import (
    AREA,
    RETIRE_ROUTE,
    SAVE_POINT,
    SAVE_ROUTE,
    admin,
    point_input,
    saved,
)
from tests.tourism.support import CITIZEN, execute

pytestmark = pytest.mark.usefixtures("scratch")
P1, P2 = "T-JQ-SCRATCH-P01", "T-JQ-SCRATCH-P02"
GATE = "X5Y08RFA"  # a point of another area (白马关关楼)


def _route(*points: str, **changes: str) -> dict[str, object]:
    return {"input": {"code": "T-WALK", "area": AREA, "name": "试验线路", "points": list(points), **changes}}


async def _two_points(app: Starlette) -> tuple[str, str]:
    for catalogue_id, lng in ((P1, 100.5), (P2, 100.51)):
        await saved(app, SAVE_POINT, {"input": point_input(catalogue_id, lng)})
    return point_code(P1), point_code(P2)


async def test_a_route_is_saved_in_walking_order_and_removed(app: Starlette) -> None:
    first, second = await _two_points(app)
    payload = await saved(app, SAVE_ROUTE, _route(second, first.lower()))  # as typed from a sign
    assert payload["route"] == {
        "code": "T-WALK",
        "name": "试验线路",
        "points": [{"code": second}, {"code": first}],
    }
    await saved(app, SAVE_ROUTE, _route(first))
    query = "query($code: String!) { scenicArea(code: $code) { routes { code points { code } } } }"
    body, _ = await execute(app, query, {"code": AREA})
    assert body["data"]["scenicArea"]["routes"] == [{"code": "T-WALK", "points": [{"code": first}]}]
    await saved(app, RETIRE_ROUTE, {"code": "T-WALK"})
    assert not await Route.exists(code="T-WALK")
    edits = await ContentEdit.filter(target="route:T-WALK").order_by("id")
    assert [e.action for e in edits] == ["create", "update", "retire"]
    assert (edits[2].before["name"], edits[2].after) == ("试验线路", None)


async def test_bad_routes_are_refused_and_change_nothing(app: Starlette) -> None:
    first, second = await _two_points(app)
    edits = await ContentEdit.all().count()
    cases = [
        (_route(), [("INVALID_VALUE", "points")]),
        (_route(first, GATE, "nonsense"), [("INVALID_VALUE", "points[1]"), ("INVALID_VALUE", "points[2]")]),
        (_route(first, second, first), [("INVALID_VALUE", "points[2]")]),
        (_route(first, code=""), [("INVALID_VALUE", "code")]),
        (_route(first, code=f"{AREA}-ALL"), [("INVALID_VALUE", "code")]),  # follows the positions
        (_route(first, area="T-NOWHERE"), [("NOT_FOUND", "area")]),
    ]
    for variables, errors in cases:
        payload = await admin(app, SAVE_ROUTE, variables)
        assert payload["route"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == errors
    assert not await Route.filter(code__startswith="T-").exists()
    full = await Route.create(code=f"{AREA}-ALL", area_id=(await ScenicArea.get(code=AREA)).id, name="全程")
    refused = await admin(app, RETIRE_ROUTE, {"code": full.code})
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("INVALID_VALUE", "code")]
    assert await Route.exists(code=full.code)
    assert await ContentEdit.all().count() == edits


async def test_visitors_and_citizens_may_not_keep_routes(app: Starlette) -> None:
    first, _ = await _two_points(app)
    for viewer in (None, CITIZEN):
        body, _ = await execute(app, SAVE_ROUTE, _route(first), viewer=viewer)
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert not await Route.exists(code="T-WALK")
