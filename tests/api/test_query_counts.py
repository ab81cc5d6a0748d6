"""Every list takes a bounded number of SQL statements, however many items it holds."""

from __future__ import annotations

import pytest
from tests.conftest import GraphQLClient
from tests.support.queries import count_queries

MATTERS = """query($n: Int!) { matters(first: $n) { nodes {
  code
  department { code } halls { code windows { no } } materials { name licenceType { name issuer { code } } }
} } }"""
HALLS = """query($n: Int!) { halls(first: $n) { nodes {
  code
  town location(crs: BD09) { lng } windows { no departments { code } matters { code department { code } } }
} } }"""
SCENARIOS = """query($n: Int!) { scenarios(first: $n) { nodes {
  code
  baseMatters { code department { code } }
  questions { options { addMatters { code } removeMatters { code } } }
} } }"""


@pytest.mark.parametrize(
    ("query", "root", "statements"),
    [
        # page + departments + halls + licence types + issuers
        (MATTERS, "matters", 5),
        # page + towns + departments + matters + their departments
        (HALLS, "halls", 5),
        # page + base matters + the options' matters (one level deeper, one batch) + departments
        (SCENARIOS, "scenarios", 4),
    ],
)
async def test_lists_take_the_same_statements_for_2_or_100_items(
    gql: GraphQLClient, query: str, root: str, statements: int
) -> None:
    counts = []
    for size in (2, 100):
        with count_queries() as sql:
            body = await gql(query, {"n": size})
        assert "errors" not in body, body
        assert len(body["data"][root]["nodes"]) == min(
            size, {"matters": 160, "halls": 22, "scenarios": 14}[root]
        )
        counts.append(len(sql))
    assert counts == [statements, statements]
