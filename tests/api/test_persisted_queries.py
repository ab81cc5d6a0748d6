"""Automatic persisted queries (Apollo's protocol) and the allow-list of published operations."""

from __future__ import annotations

from pathlib import Path

from tests.support.gateway import gateway, persisted, sha256

from luojiang.core.settings import Settings

QUERY = "query Firsts { departments(first: 2) { nodes { code } } }"
FIRSTS = {"departments": {"nodes": [{"code": "LJ-SCJGJ"}, {"code": "LJ-GAFJ"}]}}
PUBLISHED = Path(__file__).resolve().parents[2] / "graphql/operations/catalogue/Departments.graphql"


async def test_unknown_hash_asks_for_the_text_and_is_never_cached(settings: Settings, app: object) -> None:
    async with gateway(settings) as gw:
        response = await gw.get(extensions=persisted("query Never { __typename }"))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-cache, must-revalidate"
    error = response.json()["errors"][0]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert "data" not in response.json()


async def test_registered_query_runs_by_hash_over_get(settings: Settings, app: object) -> None:
    async with gateway(settings, response_cache_ttl_seconds=0) as gw:  # the text comes from Redis
        registered = await gw.post({"query": QUERY, "extensions": persisted(QUERY)})
        by_hash = await gw.get(extensions=persisted(QUERY))
    assert registered.json()["data"] == FIRSTS
    assert by_hash.status_code == 200
    assert by_hash.json()["data"] == FIRSTS


async def test_hash_mismatch_is_refused_and_registers_nothing(settings: Settings, app: object) -> None:
    other = "query Other { departments(first: 1) { nodes { code } } }"
    async with gateway(settings) as gw:
        mismatch = await gw.post({"query": other, "extensions": persisted(QUERY + " ")})
        later = await gw.get(extensions=persisted(QUERY + " "))
    assert mismatch.status_code == 400
    assert mismatch.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    assert later.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_only_version_1_and_sha256_hex_are_understood(settings: Settings, app: object) -> None:
    async with gateway(settings) as gw:
        version = await gw.get(extensions={"persistedQuery": {"version": 2, "sha256Hash": sha256(QUERY)}})
        digest = await gw.get(extensions={"persistedQuery": {"version": 1, "sha256Hash": "abc"}})
    assert version.status_code == 400
    assert version.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"
    assert digest.status_code == 400
    assert digest.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_allow_list_runs_published_operations_by_hash(settings: Settings, app: object) -> None:
    text = PUBLISHED.read_text("utf-8")
    async with gateway(settings, graphql_allow_list_only=True) as gw:
        response = await gw.get(
            extensions=persisted(text), variables={"first": 1}, operationName="Departments"
        )
    assert response.status_code == 200
    assert response.json()["data"]["departments"]["nodes"][0]["code"] == "LJ-SCJGJ"


async def test_allow_list_refuses_everything_else(settings: Settings, app: object) -> None:
    unpublished = "query Unpublished { departments(first: 3) { nodes { code } } }"
    async with gateway(settings, graphql_allow_list_only=True) as gw:
        plain = await gw.post({"query": unpublished})
        registration = await gw.post({"query": unpublished, "extensions": persisted(unpublished)})
        by_hash = await gw.get(extensions=persisted(unpublished))
        stored = await gw.redis.exists(f"apq:{sha256(unpublished)}")
    assert plain.status_code == 400
    assert plain.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"
    assert registration.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"
    assert by_hash.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert "data" not in plain.json()
    assert stored == 0
