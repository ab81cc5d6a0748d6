"""The district's scenic areas over GraphQL (no login): listed by connection, each with its points
in tour order and its walking routes, in a number of SQL statements that does not grow with them."""

from __future__ import annotations

import json

from tests.conftest import SAMPLE_CATALOGUE, GraphQLClient
from tests.support.queries import count_queries

AREAS = """query($first: Int!, $after: String) {
  scenicAreas(first: $first, after: $after) {
    nodes { code name points { catalogueId } routes { code points { catalogueId } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def _sample() -> list[dict]:  # type: ignore[type-arg]
    rows: list[dict] = json.loads((SAMPLE_CATALOGUE / "scenic.json").read_text("utf-8"))  # type: ignore[type-arg]
    return rows


async def test_every_area_lists_its_points_in_tour_order(gql: GraphQLClient) -> None:
    sample = _sample()
    with count_queries() as statements:
        body = await gql(AREAS, {"first": 100})
    areas = body["data"]["scenicAreas"]["nodes"]
    assert [a["code"] for a in areas] == [row["id"] for row in sample]
    for area, row in zip(areas, sample, strict=True):
        assert [p["catalogueId"] for p in area["points"]] == [p["id"] for p in row["points"]]
        # the imported tour visits every point, in the same order
        assert [[p["catalogueId"] for p in r["points"]] for r in area["routes"]] == [
            [p["id"] for p in row["points"]]
        ]
    # areas, their points, their routes, the routes' points: one statement each
    assert len(statements) == 4, statements


async def test_pages_of_areas_and_one_area_by_code(gql: GraphQLClient) -> None:
    first = (await gql(AREAS, {"first": 3}))["data"]["scenicAreas"]
    rest = (await gql(AREAS, {"first": 100, "after": first["pageInfo"]["endCursor"]}))["data"]["scenicAreas"]
    codes = [a["code"] for a in first["nodes"] + rest["nodes"]]
    assert codes == [row["id"] for row in _sample()]
    assert first["pageInfo"]["hasNextPage"] is True
    one = await gql('{ scenicArea(code: "LJ-JQ-BMG") { name points { name } } }')
    assert one["data"]["scenicArea"]["name"] == "白马关景区"
    assert one["data"]["scenicArea"]["points"][1]["name"] == "白马关关楼"
    assert (await gql('{ scenicArea(code: "LJ-JQ-NONE") { name } }'))["data"] == {"scenicArea": None}
