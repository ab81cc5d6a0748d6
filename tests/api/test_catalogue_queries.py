"""Catalogue reads: keyset connections with a bounded ``first``, global IDs, and batched relations."""

from __future__ import annotations

import base64

from tests.conftest import GraphQLClient
from tests.support.queries import count_queries

from luojiang.core.catalogue.models import Matter

PAGE = """query($first: Int!, $after: String) {
  matters(first: $first, after: $after) { edges { cursor node { code } } pageInfo { hasNextPage endCursor } }
}"""


async def test_pages_follow_each_other_without_gaps(gql: GraphQLClient) -> None:
    first = (await gql(PAGE, {"first": 3}))["data"]["matters"]
    second = (await gql(PAGE, {"first": 3, "after": first["pageInfo"]["endCursor"]}))["data"]["matters"]
    both = (await gql(PAGE, {"first": 6}))["data"]["matters"]
    codes = [e["node"]["code"] for e in first["edges"] + second["edges"]]
    assert codes == [e["node"]["code"] for e in both["edges"]]
    assert codes[0] == "LJ-GAFJ-001"
    assert first["pageInfo"]["hasNextPage"] is True


async def test_first_is_bounded(gql: GraphQLClient) -> None:
    for first in (0, 101, -1):
        body = await gql(PAGE, {"first": first})
        assert body["errors"][0]["extensions"]["code"] == "INVALID_PAGE_SIZE"
        assert body["errors"][0]["extensions"]["field"] == "first"


async def test_a_forged_cursor_is_a_user_error(gql: GraphQLClient) -> None:
    body = await gql(PAGE, {"first": 2, "after": "not-a-cursor"})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_node_resolves_global_ids_and_refuses_unknown_ones(gql: GraphQLClient) -> None:
    edges = (await gql("{ matters(first: 1) { nodes { id code } } }"))["data"]["matters"]["nodes"]
    matter_id = edges[0]["id"]
    assert base64.b64decode(matter_id).decode().startswith("Matter:")
    found = await gql("query($id: ID!) { node(id: $id) { ... on Matter { code } } }", {"id": matter_id})
    assert found["data"]["node"] == {"code": "LJ-GAFJ-001"}
    missing = base64.b64encode(b"Matter:999999").decode()
    assert (await gql("query($id: ID!) { node(id: $id) { id } }", {"id": missing}))["data"] == {"node": None}


async def test_department_of_every_matter_loads_in_one_batch(gql: GraphQLClient) -> None:
    with count_queries() as statements:
        body = await gql("{ matters(first: 100) { nodes { code department { code } } } }")
    nodes = body["data"]["matters"]["nodes"]
    assert len(nodes) == 100
    assert nodes[0]["department"]["code"] == "LJ-GAFJ"
    assert len(statements) == 2, statements


async def test_forged_node_ids_are_no_object_for_every_node_type(gql: GraphQLClient) -> None:
    type_names = ["Department", "Matter", "Hall", "Scenario", "ScenicArea", "GuidePoint"]
    type_names += ["TourismResource", "Person", "Enterprise", "AgentAuthorisation", "Order", "NoSuchType"]
    for type_name in type_names:
        for key in ("abc", "-1", "0", "1.5", "9" * 30, "١٢", str(2**31), str(2**62)):
            forged = base64.b64encode(f"{type_name}:{key}".encode()).decode()
            body = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": forged})
            assert body.get("errors") is None, (type_name, key, body)
            assert body["data"] == {"node": None}, (type_name, key)


async def test_each_matter_of_a_page_has_its_own_department_and_edges_match_nodes(gql: GraphQLClient) -> None:
    query = """{ matters(first: 100) {
      nodes { code department { code } }
      edges { node { code department { code } } }
    } }"""
    page = (await gql(query))["data"]["matters"]
    rows = await Matter.filter(code__in=[n["code"] for n in page["nodes"]]).prefetch_related("department")
    expected = {row.code: row.department.code for row in rows}
    assert len({n["department"]["code"] for n in page["nodes"]}) > 1  # the page spans departments
    assert {n["code"]: n["department"]["code"] for n in page["nodes"]} == expected
    assert [e["node"] for e in page["edges"]] == page["nodes"]
