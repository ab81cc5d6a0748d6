"""Query cost: connections multiply by `first` (or `last`), objects cost 1, scalars 0; over the limit is
refused before execution; every executed response reports its cost."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema, parse
from tests.conftest import GraphQLClient
from tests.support.gateway import gateway

from luojiang.api.protection import cost
from luojiang.api.protection.limits import Limits
from luojiang.api.protection.shape import measure
from luojiang.api.schema import build_schema
from luojiang.api.strawberry_internals import core_schema
from luojiang.core.settings import Settings


def operation_costs(schema: GraphQLSchema, document: str) -> dict[str | None, int]:
    return {operation.name: operation.shape.cost for operation in measure(schema, parse(document))}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("{ departments(first: 10) { nodes { code } } }", 11),
        ("{ departments(first: 10) { edges { cursor node { code } } pageInfo { hasNextPage } } }", 11),
        ("{ matters(first: 50) { nodes { code department { code } } } }", 101),
        ("query($n: Int!) { matters(first: $n) { nodes { code } } }", 101),
        ("{ a: departments(first: 2) { nodes { code } } b: departments(first: 3) { nodes { code } } }", 7),
        ('{ node(id: "x") { ... on Matter { department { code } } } }', 2),
        ("{ matters(first: 5) { nodes { ...M } } } fragment M on Matter { department { code } }", 11),
        ("{ __typename }", 0),
        ('{ guidePoint(code: "x") { nearbyPoints { point { code } } } }', 1 + 1 + 5 * 1),
        # backwards pages count like forward ones: by last, a variable at the largest page
        ("{ orders(last: 20) { nodes { attempts { outTradeNo } } } }", 1 + 20 * (1 + 1)),
        ("query($n: Int) { orders(last: $n) { nodes { attempts { outTradeNo } } } }", 1 + 100 * (1 + 1)),
        ("{ orders(first: 3, last: 30) { nodes { attempts { outTradeNo } } } }", 1 + 30 * (1 + 1)),
        ("{ orders { nodes { attempts { outTradeNo } } } }", 1 + 100 * (1 + 1)),
    ],
)
def test_cost_of_documents(settings: Settings, document: str, expected: int) -> None:
    schema = core_schema(build_schema(settings))
    assert operation_costs(schema, document) == {None: expected}


def test_field_weights_raise_a_field_cost(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cost.FIELD_WEIGHTS, "Matter.department", 5)
    schema = core_schema(build_schema(settings))
    document = "{ matters(first: 10) { nodes { department { code } } } }"
    assert operation_costs(schema, document) == {None: 1 + 10 * (1 + 5)}


async def test_every_response_reports_its_cost(gql: GraphQLClient) -> None:
    body = await gql("{ matters(first: 50) { nodes { code department { code } } } }")
    assert body["extensions"]["cost"] == {"requestedQueryCost": 101, "maximumAvailable": 1000}


async def test_over_the_limit_is_refused_before_execution(settings: Settings, app: object) -> None:
    query = "{ matters(first: 100) { nodes { code } } }"
    async with gateway(settings, graphql_max_cost=50) as gw:
        refused = await gw.post({"query": query})
        allowed = await gw.post({"query": "{ matters(first: 49) { nodes { code } } }"})
    assert refused.status_code == 400
    body = refused.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert (
        body["errors"][0]["message"]
        == "The operation costs 101, over the limit of 50: ask for smaller pages."
    )
    assert body["extensions"]["cost"] == {"requestedQueryCost": 101, "maximumAvailable": 50}
    assert allowed.status_code == 200
    assert len(allowed.json()["data"]["matters"]["nodes"]) == 49


VIEW = 'recordView(kind: MATTER, code: "x")'


@pytest.mark.parametrize(
    ("document", "refused"),
    [
        (f"mutation {{ a: {VIEW} b: {VIEW} }}", False),
        (f"mutation {{ a: {VIEW} b: {VIEW} c: {VIEW} }}", True),
        (f"mutation {{ a: {VIEW} ...F }} fragment F on Mutation {{ b: {VIEW} c: {VIEW} }}", True),
    ],
)
def test_mutations_per_document_are_limited(settings: Settings, document: str, refused: bool) -> None:
    limits = Limits.of(settings.model_copy(update={"graphql_max_mutations": 2}))
    errors = limits.errors(measure(core_schema(build_schema(settings)), parse(document)))
    assert [e.extensions for e in errors] == ([{"code": "TOO_MANY_MUTATIONS"}] if refused else [])
