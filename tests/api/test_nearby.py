"""The electronic map: nearest first within a radius, kinds, coordinate systems, bad input."""

from __future__ import annotations

from tests.conftest import GraphQLClient

NEARBY = """query($lng: Float!, $lat: Float!, $r: Float!, $crs: Crs, $kinds: [PlaceKind!], $n: Int) {
  nearby(lng: $lng, lat: $lat, radiusMeters: $r, crs: $crs, kinds: $kinds, first: $n) {
    kind code distanceMeters location { lng lat crs }
  }
}"""
CENTRE = {"lng": 104.5143, "lat": 31.3208}  # the district service centre, GCJ-02


async def test_nearest_first_within_the_radius(gql: GraphQLClient) -> None:
    found = (await gql(NEARBY, {**CENTRE, "r": 3000, "n": 5}))["data"]["nearby"]
    assert found[0]["code"] == "LJ-HALL-QZWZX"
    assert found[0]["distanceMeters"] == 0.0
    distances = [p["distanceMeters"] for p in found]
    assert distances == sorted(distances)
    assert all(d <= 3000 for d in distances)


async def test_kind_filter(gql: GraphQLClient) -> None:
    found = (await gql(NEARBY, {**CENTRE, "r": 50000, "kinds": ["STATION"], "n": 100}))["data"]["nearby"]
    assert {p["kind"] for p in found} == {"station"}
    assert len(found) == 14  # every village or community station of the sample


async def test_coordinates_in_and_out_in_the_callers_system(gql: GraphQLClient) -> None:
    # the same spot given in BD-09 finds the centre at (almost) no distance, and answers in BD-09
    bd = {"lng": 104.520711, "lat": 31.327100}
    found = (await gql(NEARBY, {**bd, "r": 100, "crs": "BD09", "n": 1}))["data"]["nearby"]
    assert found[0]["code"] == "LJ-HALL-QZWZX"
    assert found[0]["distanceMeters"] < 2
    assert found[0]["location"]["crs"] == "BD09"
    assert abs(found[0]["location"]["lng"] - bd["lng"]) < 2e-5


async def test_invalid_coordinates_and_radii_are_typed_errors(gql: GraphQLClient) -> None:
    cases = [
        ({"lng": 181.0, "lat": 31.3, "r": 100}, "INVALID_COORDINATES", "lng"),
        ({"lng": 104.5, "lat": -91.0, "r": 100}, "INVALID_COORDINATES", "lat"),
        ({**CENTRE, "r": 0}, "INVALID_RADIUS", "radius"),
        ({**CENTRE, "r": 50001}, "INVALID_RADIUS", "radius"),
    ]
    for variables, code, field in cases:
        error = (await gql(NEARBY, variables))["errors"][0]
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)


async def test_scenic_points_and_resources_come_from_the_tourism_source(gql: GraphQLClient) -> None:
    pangtong = {"lng": 104.4594, "lat": 31.3467}  # 庞统祠
    kinds = ["SCENIC_POINT", "RESOURCE"]
    found = (await gql(NEARBY, {**pangtong, "r": 2000, "kinds": kinds, "n": 50}))["data"]["nearby"]
    assert {p["kind"] for p in found} == {"scenic_point", "resource"}
    assert (found[0]["code"], found[0]["distanceMeters"]) == ("LJ-JQ-BMG-P05", 0.0)
