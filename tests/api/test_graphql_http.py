"""GraphQL over HTTP: status codes and media types per the graphql-http spec, and malformed
requests rejected with a code before they reach the schema."""

from __future__ import annotations

import httpx
import pytest

GRAPHQL_RESPONSE = "application/graphql-response+json"
QUERY = "{ departments(first: 1) { nodes { code } } }"


async def test_post_json_returns_data_as_graphql_response(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": QUERY}, headers={"accept": GRAPHQL_RESPONSE})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert response.json() == {
        "data": {"departments": {"nodes": [{"code": "LJ-SCJGJ"}]}},
        "extensions": {"cost": {"requestedQueryCost": 2, "maximumAvailable": 1000}},
    }


async def test_get_runs_queries(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": QUERY}, headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["data"]["departments"]["nodes"] == [{"code": "LJ-SCJGJ"}]


async def test_request_id_is_echoed_or_made(client: httpx.AsyncClient) -> None:
    given = await client.post("/graphql", json={"query": QUERY}, headers={"x-request-id": "abc12345-x"})
    made = await client.post("/graphql", json={"query": QUERY}, headers={"x-request-id": "bad id!"})
    assert given.headers["x-request-id"] == "abc12345-x"
    assert len(made.headers["x-request-id"]) == 32


@pytest.mark.parametrize(
    ("_case", "content", "headers", "status", "code"),
    [
        ("malformed json", b"{nope", {"content-type": "application/json"}, 400, "BAD_REQUEST"),
        ("wrong content type", b"query=x", {"content-type": "text/plain"}, 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("array body", b"[]", {"content-type": "application/json"}, 400, "BATCHING_NOT_SUPPORTED"),
        ("scalar body", b"3", {"content-type": "application/json"}, 400, "BAD_REQUEST"),
        ("no query", b"{}", {"content-type": "application/json"}, 400, "BAD_REQUEST"),
        ("query not a string", b'{"query": 1}', {"content-type": "application/json"}, 400, "BAD_REQUEST"),
        (
            "variables not an object",
            b'{"query": "{__typename}", "variables": [1]}',
            {"content-type": "application/json"},
            400,
            "BAD_REQUEST",
        ),
    ],
)
async def test_malformed_requests_are_rejected_with_a_code(
    client: httpx.AsyncClient, _case: str, content: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    response = await client.post("/graphql", content=content, headers={"accept": GRAPHQL_RESPONSE, **headers})
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
    assert "data" not in response.json()


async def test_body_over_the_limit_is_413(client: httpx.AsyncClient) -> None:
    padding = "#" + "x" * 200_000 + "\n"
    response = await client.post("/graphql", json={"query": padding + QUERY})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_unacceptable_accept_header_is_406(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": QUERY}, headers={"accept": "text/xml"})
    assert response.status_code == 406


async def test_parse_error_is_400_for_graphql_response_and_200_for_json(client: httpx.AsyncClient) -> None:
    strict = await client.post("/graphql", json={"query": "{"}, headers={"accept": GRAPHQL_RESPONSE})
    legacy = await client.post("/graphql", json={"query": "{"}, headers={"accept": "application/json"})
    assert strict.status_code == 400
    assert legacy.status_code == 200
    assert strict.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "data" not in strict.json()


async def test_validation_error_has_a_code(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ nope }"}, headers={"accept": GRAPHQL_RESPONSE})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_wrong_variable_type_is_a_request_error(client: httpx.AsyncClient) -> None:
    query = "query($n: Int!) { departments(first: $n) { nodes { code } } }"
    response = await client.post(
        "/graphql", json={"query": query, "variables": {"n": "many"}}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400
    assert "Int" in response.json()["errors"][0]["message"]


async def test_too_deep_query_is_refused(client: httpx.AsyncClient) -> None:
    deep = "{ matters(first: 1) { nodes { " + "department { id } " + "} } }"
    nested = '{ node(id: "x") { ' + "... on Matter { department { id " * 12 + "}" * 24 + " } }"
    ok = await client.post("/graphql", json={"query": deep}, headers={"accept": GRAPHQL_RESPONSE})
    refused = await client.post("/graphql", json={"query": nested}, headers={"accept": GRAPHQL_RESPONSE})
    assert ok.status_code == 200
    assert refused.status_code == 400
    assert "errors" in refused.json()


async def test_a_value_no_column_can_hold_is_invalid_input_and_is_not_logged(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    marker = "13912345678" * 20  # too long for a catalogue code, and shaped like personal data
    query = "query($c: String!) { matter(code: $c) { name } }"
    response = await client.post("/graphql", json={"query": query, "variables": {"c": marker}})
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "code"}
    assert marker not in response.text
    assert marker not in caplog.text
