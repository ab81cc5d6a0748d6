"""Validation whose work is linear in the document: a fragment bomb, deep fragment chains, aliases
spread many times and documents that make field merging quadratic are each refused with a code,
before any field runs (in-process here; over a served process in test_served_limits.py)."""

from __future__ import annotations

import httpx
import pytest
from graphql import parse
from tests.support import hostile
from tests.support.waiting import cpu_guard

from luojiang.api.protection.shape import CEILING, measure
from luojiang.api.schema import build_schema
from luojiang.api.strawberry_internals import core_schema
from luojiang.core.settings import Settings

HEADERS = {"accept": "application/graphql-response+json"}


async def _refusal(client: httpx.AsyncClient, query: str) -> tuple[int, list[str], bool]:
    with cpu_guard():
        response = await client.post("/graphql", json={"query": query}, headers=HEADERS)
    body = response.json()
    return response.status_code, [e["extensions"]["code"] for e in body["errors"]], "data" in body


async def test_a_fragment_bomb_of_twenty_levels_is_refused_with_its_code(client: httpx.AsyncClient) -> None:
    bomb = hostile.fragment_bomb(20)
    assert len(bomb) < 1000
    with cpu_guard():
        response = await client.post("/graphql", json={"query": bomb}, headers=HEADERS)
    body = response.json()

    assert response.status_code == 400
    assert "data" not in body
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "QUERY_TOO_COMPLEX", "selections": _bomb_selections(20), "maximumSelections": 2000}
    ]


def _bomb_selections(levels: int) -> int:
    inside = 1  # the last fragment's __typename
    for _ in range(levels - 1):
        inside = 3 * (1 + inside)  # three spreads of the next fragment
    return 1 + inside  # the operation's spread of the first


def test_a_bomb_of_forty_levels_is_measured_once_per_fragment(settings: Settings) -> None:
    schema = core_schema(build_schema(settings))
    with cpu_guard():
        (bomb,) = measure(schema, parse(hostile.fragment_bomb(40)))
        (pair,) = measure(schema, parse(hostile.fragment_bomb(2, spreads=2)))

    assert bomb.shape.selections == CEILING  # 3^40 + …, saturated
    # the operation's spread of F0, F0's two spreads of F1, F1's __typename
    assert (pair.shape.selections, pair.shape.fields) == (1 + 2 * (1 + 1), 2)


async def test_depth_counts_through_fragment_spreads(client: httpx.AsyncClient) -> None:
    # guidePoint and one `next` per fragment: 10 levels are allowed, 11 are not
    allowed = await client.post("/graphql", json={"query": hostile.deep_fragment_chain(9)}, headers=HEADERS)
    refused = await _refusal(client, hostile.deep_fragment_chain(10))

    assert allowed.status_code == 200, allowed.text
    assert refused == (400, ["QUERY_TOO_DEEP"], False)


async def test_aliases_count_once_per_spread(client: httpx.AsyncClient) -> None:
    # 4 aliases in a fragment spread by 4 aliased fields: 20, over the limit of 15
    fragment = "fragment A on Department { a: code b: code c: name d: name }"
    spreads = " ".join(f"x{i}: departments(first: 1) {{ nodes {{ ...A }} }}" for i in range(4))
    status, codes, executed = await _refusal(client, f"{{ {spreads} }} {fragment}")
    within = f"{{ x: departments(first: 1) {{ nodes {{ ...A }} }} }} {fragment}"
    allowed = await client.post("/graphql", json={"query": within}, headers=HEADERS)

    assert (status, codes, executed) == (400, ["TOO_MANY_ALIASES"], False)
    assert allowed.status_code == 200
    assert allowed.json()["data"]["x"]["nodes"][0]["a"]


@pytest.mark.parametrize(
    "query",
    [
        hostile.repeated_field(1980),
        hostile.repeated_object_field(160),
        hostile.conflicting_fields(200),
        hostile.fragments_side_by_side(220),
    ],
    ids=["repeated-field", "repeated-object-field", "conflicting-fields", "fragments-side-by-side"],
)
async def test_documents_that_make_field_merging_quadratic_are_refused(
    client: httpx.AsyncClient, query: str
) -> None:
    assert await _refusal(client, query) == (400, ["QUERY_TOO_COMPLEX"], False)


async def test_fields_repeated_by_a_few_fragments_still_merge(client: httpx.AsyncClient) -> None:
    # front ends repeat `id` and `code` across the fragments of one screen: that is not an attack
    fragments = "\n".join(f"fragment F{i} on Department {{ id code name }}" for i in range(12))
    spreads = " ".join(f"...F{i}" for i in range(12))
    query = f"{{ departments(first: 3) {{ nodes {{ id code {spreads} }} }} }}\n{fragments}"
    response = await client.post("/graphql", json={"query": query}, headers=HEADERS)

    assert response.status_code == 200, response.text
    assert len(response.json()["data"]["departments"]["nodes"]) == 3
