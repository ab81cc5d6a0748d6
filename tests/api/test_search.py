"""Smart search through GraphQL: the user's own words, pinyin, traditional characters, typos."""

from __future__ import annotations

import pytest
from tests.conftest import GraphQLClient

SEARCH = """query($q: String!, $first: Int!, $kinds: [SearchKind!]) {
  search(query: $q, first: $first, kinds: $kinds) { kind code title highlight }
}"""


async def codes(gql: GraphQLClient, q: str, first: int = 5, kinds: list[str] | None = None) -> list[str]:
    body = await gql(SEARCH, {"q": q, "first": first, "kinds": kinds})
    return [hit["code"] for hit in body["data"]["search"]]


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


async def test_hits_carry_kind_code_and_highlight(gql: GraphQLClient) -> None:
    body = await gql(SEARCH, {"q": "异地就医备案", "first": 1})
    assert body["data"]["search"] == [
        {
            "kind": "matter",
            "code": "LJ-YBJ-003",
            "title": "异地就医备案",
            "highlight": "<em>异地就医备案</em>",
        }
    ]


async def test_kinds_filter(gql: GraphQLClient) -> None:
    found = await codes(gql, "白马关", first=5, kinds=["HALL"])
    assert found[0] == "LJ-HALL-BMG"
    assert all(code.startswith("LJ-HALL") for code in found)


async def test_nonsense_finds_nothing_and_bad_input_is_refused(gql: GraphQLClient) -> None:
    assert await codes(gql, "qqqqxxxx") == []
    body = await gql(SEARCH, {"q": " ", "first": 5})
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


async def test_hot_searches_count_normalized_queries(gql: GraphQLClient) -> None:
    for q in ("高龄津贴", "高龄津贴", "高齡津貼"):
        await codes(gql, q)
    hot = (await gql("{ hotSearches(first: 50) { query count } }"))["data"]["hotSearches"]
    assert {"query": "高龄津贴", "count": 3} in hot  # traditional and simplified count as one
    assert [h["count"] for h in hot] == sorted((h["count"] for h in hot), reverse=True)


async def test_views_of_unknown_items_are_refused(gql: GraphQLClient) -> None:
    body = await gql('mutation { recordView(kind: MATTER, code: "LJ-NOPE-001") }')
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "code"}
