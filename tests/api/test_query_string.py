"""GET parameters: the query string is decoded once and remembered, and every request still gets
parameters of its own, read exactly as Starlette reads them, for short and long strings alike."""

from __future__ import annotations

from urllib.parse import urlencode

import orjson
import pytest
from starlette.requests import Request

from luojiang.api.transport.params import REMEMBERED_QUERY_BYTES, read_params


def _get(query_string: str) -> Request:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/graphql",
        "headers": [],
        "query_string": query_string.encode(),
    }
    return Request(scope)


@pytest.mark.parametrize("padding", [0, REMEMBERED_QUERY_BYTES])
async def test_get_parameters_are_decoded_as_starlette_does_and_fresh_for_every_request(padding: int) -> None:
    variables = {"first": 10, "名": "罗江 & co", "pad": "x" * padding}
    query = urlencode({"query": "{ a }", "operationName": "", "variables": orjson.dumps(variables).decode()})
    query += "&operationName=Named"  # a repeated name: the last one wins, as in request.query_params

    first = await read_params(_get(query), 1000)
    first.variables["first"] = 99  # what one request does to its parameters is its own business
    again = await read_params(_get(query), 1000)

    assert dict(_get(query).query_params)["operationName"] == "Named"
    assert (again.query, again.operation_name, again.variables) == ("{ a }", "Named", variables)
    assert again.variables is not first.variables
