"""Huge numbers, NUL characters and overlong IDs are the client's mistake (``INVALID_INPUT``, 400)
wherever they are written: a literal, a variable, the JSON body, a nested input object; never a
5xx or an internal error (on PostgreSQL a NUL or a key past 32 bits used to reach the driver)."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
from starlette.requests import Request

from luojiang.api.transport.params import RequestRejected, read_params

HEADERS = {"accept": "application/graphql-response+json"}
PAGE = "query($n: Int!) { departments(first: $n) { nodes { code } } }"
POINT = "query($c: String!) { guidePoint(code: $c) { name } }"
SAVE = "mutation($r: TourismResourceInput!) { saveTourismResource(input: $r) { errors { code } } }"
RESOURCE = {"code": "LJ-RES-900", "kind": "宾馆", "name": "x", "location": {"lng": 104.5, "lat": 31.3}}
NODE = "query($id: ID!) { node(id: $id) { id } }"


def _global_id(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


INVALID: list[tuple[str, dict[str, Any] | str]] = [
    ("first above 2^64", {"query": "{ departments(first: 36893488147419103232) { nodes { code } } }"}),
    ("first of 4,400 digits", {"query": f"{{ departments(first: {'9' * 4400}) {{ nodes {{ code }} }} }}"}),
    ("first variable above 2^64", {"query": PAGE, "variables": {"n": 2**70}}),
    # orjson reads this as no number at all; the stdlib would take ~4,400 digits
    (
        "first variable of 4,400 digits",
        json.dumps({"query": PAGE})[:-1] + f', "variables": {{"n": {"9" * 4400}}}}}',
    ),
    ("NUL in a literal", {"query": '{ guidePoint(code: "AB\\u0000C") { name } }'}),
    ("NUL in a variable", {"query": POINT, "variables": {"c": "A\x00B"}}),
    ("NUL in an input object", {"query": SAVE, "variables": {"r": {**RESOURCE, "tags": ["ok", "b\x00d"]}}}),
    ("NUL in a variable's name", {"query": POINT, "variables": {"c": "x", "c\x00": "y"}}),
]


@pytest.mark.parametrize(("case", "body"), INVALID, ids=[case for case, _ in INVALID])
async def test_values_no_field_can_take_are_invalid_input(
    client: httpx.AsyncClient, case: str, body: dict[str, Any] | str
) -> None:
    if isinstance(body, str):
        response = await client.post(
            "/graphql", content=body, headers={**HEADERS, "content-type": "application/json"}
        )
    else:
        response = await client.post("/graphql", json=body, headers=HEADERS)
    errors = response.json()["errors"]

    assert response.status_code == 400, response.text
    assert {e["extensions"]["code"] for e in errors} == {"INVALID_INPUT"}
    assert "data" not in response.json()


async def test_an_id_of_4400_digits_that_does_not_decode_is_invalid_input(client: httpx.AsyncClient) -> None:
    # the argument is coerced as its field runs: a field error (200), the field null
    response = await client.post(
        "/graphql", json={"query": NODE, "variables": {"id": "1" * 4400}}, headers=HEADERS
    )
    body = response.json()

    assert (response.status_code, body["data"]) == (200, {"node": None})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_INPUT"]
    assert len(body["errors"][0]["message"]) < 300  # the value is not echoed whole


@pytest.mark.parametrize("key", ["1" * 4400, str(2**31), str(2**63 - 1)])
async def test_a_global_id_past_any_key_names_no_object(client: httpx.AsyncClient, key: str) -> None:
    # PostgreSQL's integer keys are 32-bit: such keys used to reach it and fail as a bug of ours
    response = await client.post(
        "/graphql", json={"query": NODE, "variables": {"id": _global_id("Department", key)}}, headers=HEADERS
    )
    assert (response.status_code, response.json().get("errors"), response.json()["data"]) == (
        200,
        None,
        {"node": None},
    )


async def test_a_cursor_past_any_key_is_a_user_error(client: httpx.AsyncClient) -> None:
    cursor = base64.urlsafe_b64encode(f"cursor:{2**40}".encode()).decode()
    query = "query($a: String) { departments(first: 2, after: $a) { nodes { code } } }"
    response = await client.post(
        "/graphql", json={"query": query, "variables": {"a": cursor}}, headers=HEADERS
    )

    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


@pytest.mark.parametrize(
    ("declared", "status", "code"),
    [
        (b"9" * 4400, 413, "PAYLOAD_TOO_LARGE"),
        (str(2**70).encode(), 413, "PAYLOAD_TOO_LARGE"),
        ("²".encode("latin-1"), 400, "BAD_REQUEST"),  # a digit to str.isdigit, not to int()
        ("¹²".encode("latin-1"), 400, "BAD_REQUEST"),
        (b"-1", 400, "BAD_REQUEST"),
        (b"12abc", 400, "BAD_REQUEST"),
        (b"", 400, "BAD_REQUEST"),
    ],
)
async def test_a_content_length_too_large_or_no_length_is_refused_not_a_crash(
    declared: bytes, status: int, code: str
) -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    headers = [(b"content-type", b"application/json"), (b"content-length", declared)]
    request = Request({"type": "http", "method": "POST", "headers": headers}, receive)
    with pytest.raises(RequestRejected) as refused:
        await read_params(request, 100_000)

    assert (refused.value.status, refused.value.code) == (status, code)


async def test_a_content_length_with_leading_zeros_is_its_value() -> None:
    body = b'{"query": "{ __typename }"}'

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    declared = b"0" * 20 + str(len(body)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", declared)]
    request = Request({"type": "http", "method": "POST", "headers": headers}, receive)
    assert (await read_params(request, 100_000)).query == "{ __typename }"
