"""The scan path reads a bounded number of SQL statements, however many points and resources the
district has: neighbours are ranked at import, relations load through DataLoaders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from starlette.applications import Starlette

from luojiang.core.tourism.importer import import_resources, import_scenic
from luojiang.core.tourism.models import Resource, ScenicArea
from luojiang.core.tourism.neighbours import refresh_neighbours
from tests.support.queries import count_queries
from tests.tourism.support import execute

VISITOR_CENTRE = "GQR4FNWD"  # LJ-JQ-BMG-P01 at 104.4648, 31.3431
PUBLISHED = """query($code: String!) {
  guidePoint(code: $code) {
    code name area { code } languages narration(language: "en") { text }
    next { code } nearbyPoints(first: 3) { distanceMeters point { code } }
    nearbyResources(first: 5) { distanceMeters resource { code } }
  }
}"""
# every relation again on each neighbour and on the next point: still one read per relation
NESTED = """query($code: String!) {
  guidePoint(code: $code) {
    code next { code area { code } languages next { code } }
    nearbyPoints(first: 20) {
      point {
        area { code } languages narration(language: "en") { text } next { code }
        nearbyPoints(first: 2) { point { code } } nearbyResources(first: 2) { resource { code } }
      }
    }
  }
}"""
EXTRA = 40
# five reads (the point with its area, narrations, next, nearby points, nearby resources), or six
# when the event loop runs one DataLoader batch a tick apart: a bound, the same however many rows
PUBLISHED_STATEMENTS = 6


def _crowd() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """EXTRA points and EXTRA resources 10 m apart going east of the visitor centre; the first
    of each is 10 m away, nearer than anything in the sample catalogue."""
    step = 10 / 95_000  # ~10 m of longitude at 31.34° N
    spots = [{"lng": 104.4648 + step * (i + 1), "lat": 31.3431, "crs": "GCJ-02"} for i in range(EXTRA)]
    area = {
        "id": "LJ-TEST-CROWD",
        "name": "测试景区",
        "location": spots[0],
        "points": [
            {
                "id": f"LJ-TEST-CROWD-P{i:02d}",
                "name": f"测试点{i}",
                "location": spot,
                "narration": {"zh-CN": "测试"},
            }
            for i, spot in enumerate(spots)
        ],
    }
    resources = [
        {"id": f"LJ-TEST-R{i:02d}", "kind": "宾馆", "name": f"测试宾馆{i}", "location": spot}
        for i, spot in enumerate(spots)
    ]
    return [area], resources


@pytest.fixture
async def crowded(app: Starlette) -> AsyncIterator[None]:
    areas, resources = _crowd()
    scenic, ledger = await import_scenic(areas), await import_resources(resources)
    assert (scenic.rejected, ledger.rejected) == ([], [])
    try:
        yield
    finally:  # the app and its database are shared by the session's tests
        await ScenicArea.filter(code="LJ-TEST-CROWD").delete()
        await Resource.filter(code__startswith="LJ-TEST-R").delete()
        await refresh_neighbours()


async def _statements(app: Starlette, query: str) -> tuple[int, dict[str, Any]]:
    with count_queries() as statements:
        body, _ = await execute(app, query, {"code": VISITOR_CENTRE})
    assert "errors" not in body, body
    return len(statements), body["data"]["guidePoint"]


async def test_the_published_scan_reads_five_statements(app: Starlette) -> None:
    count, point = await _statements(app, PUBLISHED)
    # the point with its area, narrations, next, nearby points, nearby resources
    assert count <= PUBLISHED_STATEMENTS
    assert point["nearbyPoints"][0] == {"distanceMeters": 274, "point": {"code": "X5Y08RFA"}}


async def test_more_points_and_resources_nearby_read_no_more_statements(
    app: Starlette, crowded: None
) -> None:
    count, point = await _statements(app, PUBLISHED)
    assert count <= PUBLISHED_STATEMENTS
    # the import ranked the newcomers: the nearest are 10 m and 20 m away
    assert [n["distanceMeters"] for n in point["nearbyPoints"]] == [10, 20, 30]
    assert [n["resource"]["code"] for n in point["nearbyResources"]] == [
        f"LJ-TEST-R{i:02d}" for i in range(5)
    ]


# the point; next and nearby points; then each relation of the level below in one read (at most
# two for narrations and next, when the next point's relations are batched a tick before its
# neighbours' — which depends on the event loop's timing): a bound set by the query's shape, the
# same for 10 neighbours or 20; one read per neighbour would need more than 20
NESTED_STATEMENTS = 10


async def test_relations_of_every_neighbour_load_in_one_read_each(app: Starlette) -> None:
    count, point = await _statements(app, NESTED)
    assert len(point["nearbyPoints"]) == 10  # all the sample catalogue has within 5 km
    assert count <= NESTED_STATEMENTS


async def test_more_neighbours_with_relations_read_no_more_statements(app: Starlette, crowded: None) -> None:
    count, point = await _statements(app, NESTED)
    assert len(point["nearbyPoints"]) == 20
    assert count <= NESTED_STATEMENTS


async def test_removed_rows_leave_the_ranking(app: Starlette) -> None:
    _, point = await _statements(app, PUBLISHED)
    assert [n["point"]["code"] for n in point["nearbyPoints"]][:1] == ["X5Y08RFA"]
    assert all(not n["resource"]["code"].startswith("LJ-TEST") for n in point["nearbyResources"])
