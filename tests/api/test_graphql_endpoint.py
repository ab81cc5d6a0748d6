"""``/graphql`` over HTTP is answered ahead of the router (luojiang.app.graphql_endpoint) and still
inside the application's middleware: counted, under the request's id, an unexpected error a 500
that shows nothing of it; every method but GET and POST refused; GraphiQL for a browser only."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from luojiang.api.transport.http import GraphQLHTTP
from luojiang.core import logs, metrics


@pytest.fixture
async def unraised(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A client that gets the application's own answer to an exception, as a phone would."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def _counted(method: str, status: int) -> float:
    return metrics.HTTP_REQUESTS.labels("/graphql", method, str(status))._value.get()  # type: ignore[no-any-return]


async def test_an_unexpected_error_in_the_view_is_a_counted_500_under_the_request_id(
    unraised: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    async def broken(*_: object) -> None:
        seen.append(logs.request_id.get())
        raise RuntimeError("a bug")

    monkeypatch.setattr(GraphQLHTTP, "_serve", broken)
    before = _counted("POST", 500)
    response = await unraised.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": "endpoint-test-1"}
    )
    assert response.status_code == 500
    assert "a bug" not in response.text
    assert seen == ["endpoint-test-1"]
    assert _counted("POST", 500) == before + 1


@pytest.mark.parametrize("method", ["OPTIONS", "PUT", "DELETE", "HEAD"])
async def test_methods_other_than_get_and_post_are_refused_with_allow(
    client: httpx.AsyncClient, method: str
) -> None:
    before = _counted(method, 405)
    response = await client.request(method, "/graphql", headers={"accept": "application/json"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert _counted(method, 405) == before + 1


async def test_graphiql_for_a_browser_and_the_api_for_a_query(client: httpx.AsyncClient) -> None:
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    page = await client.get("/graphql", headers=browser)
    query = await client.get("/graphql", params={"query": "{ __typename }"}, headers=browser)
    assert page.headers["content-type"].startswith("text/html")
    assert query.json()["data"] == {"__typename": "Query"}


async def test_other_paths_still_go_through_the_router(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "alive"}
    assert (await client.get("/graphql/nothing")).status_code == 404
