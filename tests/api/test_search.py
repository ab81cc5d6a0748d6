"""Smart search through GraphQL: the user's own words, pinyin, traditional characters, typos; why
each hit matched; help when nothing is found; suggestions, popularity and hot searches."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from tests.conftest import GraphQLClient

SEARCH = """query($q: String!, $first: Int!, $kinds: [SearchKind!]) {
  search(query: $q, first: $first, kinds: $kinds) {
    hits { kind code title highlight spans { start end } matchedTerms reasons { reason label } }
    understood didYouMean pinyin
    help { scenarios { kind code } hallName hallPhone }
  }
}"""
HOT = "{ hotSearches(first: 50) { query count } }"


async def results(gql: GraphQLClient, q: str, first: int = 5, kinds: list[str] | None = None) -> dict:  # type: ignore[type-arg]
    body = await gql(SEARCH, {"q": q, "first": first, "kinds": kinds})
    found: dict = body["data"]["search"]  # type: ignore[type-arg]
    return found


async def codes(gql: GraphQLClient, q: str, first: int = 5, kinds: list[str] | None = None) -> list[str]:
    return [hit["code"] for hit in (await results(gql, q, first, kinds))["hits"]]


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("结婚登记", "LJ-MZJ-001"),  # the official name
        ("jhdj", "LJ-MZJ-001"),  # initials
        ("jiehundengji", "LJ-MZJ-001"),  # full pinyin
        ("结昏登记", "LJ-MZJ-001"),  # a homophone typo
        ("婚姻登記記錄證明", "LJ-MZJ-004"),  # traditional characters
        ("身份证丢了", "LJ-GAFJ-006"),  # colloquial
        ("养狗要登记吗", "LJ-ZHZFJ-004"),  # colloquial
        ("庞统祠", "LJ-JQ-BMG-P05"),  # a guide point, from the tourism area's source
        ("bmg", "LJ-JQ-BMG"),  # a scenic area by its initials
    ],
)
async def test_finds_what_people_mean(gql: GraphQLClient, query: str, expected_first: str) -> None:
    assert (await codes(gql, query))[0] == expected_first


async def test_colloquial_restaurant_finds_the_food_licence_and_the_scenario(gql: GraphQLClient) -> None:
    found = await codes(gql, "开饭馆", first=3)
    assert {"LJ-YJS-CY", "LJ-SCJGJ-008"} <= set(found)


async def test_a_hit_says_where_and_why_it_matched(gql: GraphQLClient) -> None:
    found = await results(gql, "异地就医备案", first=1)
    assert found["hits"] == [
        {
            "kind": "matter",
            "code": "LJ-YBJ-003",
            "title": "异地就医备案",
            "highlight": "<em>异地就医备案</em>",
            "spans": [{"start": 0, "end": 6}],
            "matchedTerms": ["异地就医备案"],
            "reasons": [{"reason": "TITLE", "label": "名称匹配"}],
        }
    ]
    assert (found["understood"], found["didYouMean"], found["pinyin"], found["help"]) == (
        "异地就医备案",
        None,
        False,
        None,
    )


async def test_a_corrected_typo_is_offered_as_did_you_mean(gql: GraphQLClient) -> None:
    found = await results(gql, "营业执找", first=3)
    assert found["didYouMean"] == "营业执照"
    first = found["hits"][0]
    assert {"reason": "CORRECTED", "label": "您可能想找"} in first["reasons"]
    assert first["title"][first["spans"][0]["start"] : first["spans"][0]["end"]] == "营业执照"


async def test_pinyin_is_read_and_said(gql: GraphQLClient) -> None:
    found = await results(gql, "gongjijin tiqu", first=3)
    assert (found["pinyin"], found["understood"]) == (True, "公积金提取")
    assert {"reason": "PINYIN", "label": "拼音匹配"} in found["hits"][0]["reasons"]
    assert found["hits"][0]["code"] in {"LJ-GJJ-001", "LJ-GJJ-002", "LJ-GJJ-003"}


async def test_nothing_found_offers_scenarios_and_the_hall_phone(gql: GraphQLClient) -> None:
    found = await results(gql, "qqqqxxxx")
    assert found["hits"] == []
    assert found["help"]["hallName"] == "罗江区政务服务中心"
    assert found["help"]["hallPhone"] == "0838-3231000"
    assert len(found["help"]["scenarios"]) == 3
    assert {s["kind"] for s in found["help"]["scenarios"]} == {"scenario"}


async def test_kinds_filter(gql: GraphQLClient) -> None:
    found = await codes(gql, "白马关", first=5, kinds=["HALL"])
    assert found[0] == "LJ-HALL-BMG"
    assert all(code.startswith("LJ-HALL") for code in found)


async def test_bad_input_is_refused(gql: GraphQLClient) -> None:
    body = await gql(SEARCH, {"q": " ", "first": 5})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_QUERY"
    body = await gql(SEARCH, {"q": "社保" * 40, "first": 5})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_QUERY"
    body = await gql(SEARCH, {"q": "社保", "first": 51})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_PAGE_SIZE"


async def test_suggestions_by_characters_and_pinyin_prefix(gql: GraphQLClient) -> None:
    query = "query($p: String!) { searchSuggestions(prefix: $p, first: 3) { code title } }"
    by_chars = (await gql(query, {"p": "社会保障"}))["data"]["searchSuggestions"]
    assert [s["code"] for s in by_chars] == ["LJ-RSJ-001", "LJ-RSJ-002"]
    by_pinyin = (await gql(query, {"p": "shehuibaozhang"}))["data"]["searchSuggestions"]
    assert [s["code"] for s in by_pinyin] == ["LJ-RSJ-001", "LJ-RSJ-002"]


async def test_views_make_an_item_more_popular_among_equals(gql: GraphQLClient) -> None:
    query = "query($p: String!) { searchSuggestions(prefix: $p, first: 2) { code } }"
    before = [s["code"] for s in (await gql(query, {"p": "社会保障"}))["data"]["searchSuggestions"]]
    view = "mutation($c: String!) { recordView(kind: MATTER, code: $c) }"
    for _ in range(2):
        assert (await gql(view, {"c": "LJ-RSJ-002"}))["data"] == {"recordView": True}
    after = [s["code"] for s in (await gql(query, {"p": "社会保障"}))["data"]["searchSuggestions"]]
    assert before == ["LJ-RSJ-001", "LJ-RSJ-002"]
    assert after == ["LJ-RSJ-002", "LJ-RSJ-001"]


async def _search_from(app: Starlette, address: str, q: str) -> None:
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        gql = GraphQLClient(http)
        assert (await results(gql, q))["hits"]


async def test_hot_searches_need_many_people_and_count_normalized_queries(
    app: Starlette, gql: GraphQLClient
) -> None:
    for n in range(4):  # traditional and simplified are one query; four people are not many
        await _search_from(app, f"198.51.100.{n}", "残疾人辅助器具" if n % 2 else "殘疾人輔助器具")
    assert "残疾人辅助器具" not in {h["query"] for h in (await gql(HOT))["data"]["hotSearches"]}
    for _ in range(3):  # the same person again and again is still one person
        await _search_from(app, "198.51.100.0", "残疾人辅助器具")
    assert "残疾人辅助器具" not in {h["query"] for h in (await gql(HOT))["data"]["hotSearches"]}
    await _search_from(app, "198.51.100.99", "残疾人辅助器具")  # the fifth person
    hot = (await gql(HOT))["data"]["hotSearches"]
    assert {"query": "残疾人辅助器具", "count": 8} in hot
    assert [h["count"] for h in hot] == sorted((h["count"] for h in hot), reverse=True)


async def test_personal_data_never_reaches_a_public_list(app: Starlette, gql: GraphQLClient) -> None:
    personal = ["身份证 13912345678 张三", "张三 身份证", "社保卡 510604199001011234", "王建国的户口本"]
    for n in range(12):  # many people, each searching every one of them (each finds something)
        for q in personal:
            await _search_from(app, f"203.0.113.{n}", q)
    hot = (await gql(HOT))["data"]["hotSearches"]
    suggestions = "query($p: String!) { searchSuggestions(prefix: $p, first: 50) { title } }"
    listed = [h["query"] for h in hot]
    for prefix in ("身份证", "张三", "社保卡", "王建国"):
        listed += [s["title"] for s in (await gql(suggestions, {"p": prefix}))["data"]["searchSuggestions"]]
    for secret in ("13912345678", "510604199001011234", "张三", "王建国", "1234"):
        assert not any(secret in entry for entry in listed)


async def test_views_of_unknown_items_are_refused(gql: GraphQLClient) -> None:
    body = await gql('mutation { recordView(kind: MATTER, code: "LJ-NOPE-001") }')
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "code"}


async def test_a_life_events_scenario_says_it_is_one(gql: GraphQLClient) -> None:
    found = await results(gql, "孩子出生了要办哪些证", first=3)
    assert found["hits"][0]["code"] == "LJ-YJS-CS"
    assert {"reason": "SCENARIO", "label": "一件事"} in found["hits"][0]["reasons"]
