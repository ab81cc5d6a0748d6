"""Every list takes a bounded number of SQL statements, however many items it holds."""

from __future__ import annotations

import pytest
from tests.conftest import GraphQLClient
from tests.support.queries import count_queries

from luojiang.core.catalogue import repository
from luojiang.core.catalogue.models import Matter as MatterRow

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


# a page's departments are loaded ahead, in one batch, however the nodes are reached, and only when asked for
@pytest.mark.parametrize(
    ("selection", "statements"),
    [
        ("nodes { code department { code } }", 2),
        ("edges { node { code department { code } } }", 2),
        ("...Page", 2),
        ("nodes { ... on Matter { code department { code } } }", 2),
        ("nodes { code }", 1),
    ],
)
async def test_a_page_of_matters_loads_its_departments_once(
    gql: GraphQLClient, selection: str, statements: int
) -> None:
    query = f"""query {{ matters(first: 30) {{ {selection} }} }}
    fragment Page on MatterConnection {{ edges {{ node {{ code department {{ code }} }} }} }}"""
    if "...Page" not in selection:
        query = query.split("fragment")[0]
    with count_queries() as sql:
        body = await gql(query)
    assert "errors" not in body, body
    nodes = body["data"]["matters"].get("nodes") or [e["node"] for e in body["data"]["matters"]["edges"]]
    assert len(nodes) == 30
    if statements == 2:
        # the department each matter names, by the catalogue's own record
        departments = {m["code"]: m["department"]["code"] for m in nodes}
        expected = await _departments_of(list(departments))
        assert departments == expected
    assert len(sql) == statements


async def _departments_of(codes: list[str]) -> dict[str, str]:
    rows = await repository.by_codes(MatterRow, codes)
    found = await repository.departments_by_ids(sorted({r.department_id for r in rows.values()}))
    return {code: found[row.department_id].code for code, row in rows.items()}
