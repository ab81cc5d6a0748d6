"""The public guide: a point by the code on its sign, with no login, in the visitor's language."""

from __future__ import annotations

from starlette.applications import Starlette

from tests.conftest import GraphQLClient
from tests.tourism.support import execute

POINT = """query($code: String!, $language: String!) {
  guidePoint(code: $code) {
    code catalogueId name durationSeconds location { lng lat crs }
    area { code name }
    languages
    narration(language: $language) { language requestedLanguage fellBack text audioUrl durationSeconds }
    next { code name }
    nearbyPoints(first: 2) { distanceMeters point { catalogueId name } }
    nearbyResources(first: 3) { distanceMeters resource { code name kind } }
  }
}"""
VISITOR_CENTRE = "GQR4FNWD"  # LJ-JQ-BMG-P01: printed on signs, so it must never change


async def test_a_point_by_its_code_with_area_next_and_nearby(gql: GraphQLClient) -> None:
    body = await gql(POINT, {"code": VISITOR_CENTRE, "language": "en"})
    assert "errors" not in body
    point = body["data"]["guidePoint"]
    assert point["catalogueId"] == "LJ-JQ-BMG-P01"
    assert point["name"] == "游客中心"
    assert point["location"] == {"lng": 104.4648, "lat": 31.3431, "crs": "GCJ-02"}
    assert point["area"] == {"code": "LJ-JQ-BMG", "name": "白马关景区"}
    assert point["languages"] == ["en", "zh-CN"]
    assert point["narration"]["language"] == "en"
    assert point["narration"]["fellBack"] is False
    assert point["narration"]["text"].startswith("Welcome to Baimaguan Pass")
    assert point["narration"]["audioUrl"] is None
    assert point["narration"]["durationSeconds"] == 42
    assert point["next"] == {"code": "X5Y08RFA", "name": "白马关关楼"}
    assert point["nearbyPoints"] == [
        {"distanceMeters": 274, "point": {"catalogueId": "LJ-JQ-BMG-P02", "name": "白马关关楼"}},
        {"distanceMeters": 457, "point": {"catalogueId": "LJ-JQ-BMG-P03", "name": "金牛古道"}},
    ]
    assert [r["resource"]["code"] for r in point["nearbyResources"]] == [
        "LJ-RES-021",
        "LJ-RES-043",
        "LJ-RES-052",
    ]
    assert point["nearbyResources"][0]["distanceMeters"] == 251


async def test_codes_are_read_leniently(gql: GraphQLClient) -> None:
    # lower case and the letters people confuse with digits (O for 0, I/L for 1)
    body = await gql(POINT, {"code": " x5y08rfa ", "language": "zh-CN"})
    assert body["data"]["guidePoint"]["catalogueId"] == "LJ-JQ-BMG-P02"
    body = await gql(POINT, {"code": "X5YO8RFA", "language": "zh-CN"})
    assert body["data"]["guidePoint"]["catalogueId"] == "LJ-JQ-BMG-P02"


async def test_a_language_without_a_text_falls_back_to_chinese(gql: GraphQLClient) -> None:
    body = await gql(POINT, {"code": VISITOR_CENTRE, "language": "ja"})
    narration = body["data"]["guidePoint"]["narration"]
    assert narration["language"] == "zh-CN"
    assert narration["requestedLanguage"] == "ja"
    assert narration["fellBack"] is True
    assert narration["text"].startswith("欢迎来到白马关景区")


async def test_the_last_point_of_an_area_has_no_next(gql: GraphQLClient) -> None:
    body = await gql(POINT, {"code": "JHKEH4J6", "language": "zh-CN"})
    assert body["data"]["guidePoint"]["name"] == "诸葛瞻将台"
    assert body["data"]["guidePoint"]["next"] is None


async def test_an_unknown_code_is_not_found(gql: GraphQLClient) -> None:
    for code in ("ZZZZZZZZ", "no-such-code", ""):
        body = await gql(POINT, {"code": code, "language": "zh-CN"})
        assert body["data"] == {"guidePoint": None}
        assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "code"}


async def test_an_unsupported_language_is_a_clear_error(gql: GraphQLClient) -> None:
    for language in ("xx", "klingon", "en-<script>"):
        body = await gql(POINT, {"code": VISITOR_CENTRE, "language": language})
        assert body["data"]["guidePoint"]["narration"] is None
        assert body["errors"][0]["extensions"] == {"code": "UNSUPPORTED_LANGUAGE", "field": "language"}
        assert body["errors"][0]["path"] == ["guidePoint", "narration"]


async def test_nearby_lists_are_bounded(gql: GraphQLClient) -> None:
    body = await gql(
        'query { guidePoint(code: "GQR4FNWD") { nearbyResources(first: 21) { distanceMeters } } }'
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_PAGE_SIZE"


async def test_the_point_query_tags_its_result_for_the_response_cache(app: Starlette) -> None:
    body, context = await execute(app, POINT, {"code": VISITOR_CENTRE, "language": "zh-CN"})
    assert body["data"]["guidePoint"]["code"] == VISITOR_CENTRE
    assert context.cache_tags == {"tourism", "tourism:point:GQR4FNWD"}


async def test_areas_points_and_resources_resolve_as_nodes(gql: GraphQLClient) -> None:
    found = await gql(
        'query { guidePoint(code: "GQR4FNWD") { id area { id } '
        "nearbyResources(first: 1) { resource { id } } } }"
    )
    point = found["data"]["guidePoint"]
    ids = [point["id"], point["area"]["id"], point["nearbyResources"][0]["resource"]["id"]]
    names = []
    for node_id in ids:
        body = await gql(
            "query($id: ID!) { node(id: $id) { ... on GuidePoint { name } ... on ScenicArea { name } "
            "... on TourismResource { name } } }",
            {"id": node_id},
        )
        names.append(body["data"]["node"]["name"])
    assert names == ["游客中心", "白马关景区", "白马关三国宴"]
