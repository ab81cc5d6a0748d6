"""Every protection of the HTTP transport applies to every operation on a graphql-transport-ws
socket: the allow-list and persisted queries, the document limits, the size limit, the per-address
and per-person rate limits, NUL and range checks; with a Python client and with the ecosystem's
graphql-ws client."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.support import hostile
from tests.support.gateway import sha256, whole_app
from tests.support.node import NodeScript, served
from tests.support.sockets import code_of, socket
from tests.support.waiting import GUARD

from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.settings import Settings

PUBLISHED = (Path(__file__).parents[2] / "graphql/operations/catalogue/Departments.graphql").read_text(
    "utf-8"
)
UNLISTED = "{ departments(first: 1) { nodes { code } } }"
UNLISTED_MUTATION = 'mutation { recordView(kind: MATTER, code: "LJ-ZHZFJ-004") }'


async def test_only_published_operations_run_on_a_socket_in_allow_list_mode(
    settings: Settings, app: object
) -> None:
    async with (
        whole_app(settings, graphql_allow_list_only=True) as built,
        served(built) as address,
        socket(address) as ws,
    ):
        by_text = await ws.ask(PUBLISHED, {"first": 1})
        by_hash = await ws.ask(
            None, {"first": 1}, extensions={"persistedQuery": {"version": 1, "sha256Hash": sha256(PUBLISHED)}}
        )
        unlisted = await ws.ask(UNLISTED)
        unlisted_mutation = await ws.ask(UNLISTED_MUTATION)
        unknown_hash = await ws.ask(
            None, extensions={"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
        )

    assert by_text["type"] == "next"
    assert len(by_text["payload"]["data"]["departments"]["nodes"]) == 1
    assert by_hash["payload"]["data"] == by_text["payload"]["data"]
    assert [code_of(a) for a in (unlisted, unlisted_mutation, unknown_hash)] == [
        "OPERATION_NOT_ALLOWED",
        "OPERATION_NOT_ALLOWED",
        "PERSISTED_QUERY_NOT_FOUND",
    ]


async def test_the_graphql_ws_client_is_refused_an_unlisted_operation(
    settings: Settings, app: object
) -> None:
    async with (
        whole_app(settings, graphql_allow_list_only=True) as built,
        served(built) as address,
    ):
        client = await NodeScript.start("subscribe.mjs", f"ws://{address}/graphql", UNLISTED, "1")
        try:
            ready, refusal = [await asyncio.wait_for(client.next(), GUARD) for _ in range(2)]
        finally:
            client.stop()

    assert ready == {"ready": True}
    assert [e["extensions"]["code"] for e in refusal["error"]] == ["OPERATION_NOT_ALLOWED"]


async def test_document_limits_and_input_checks_apply_on_a_socket(settings: Settings, app: object) -> None:
    async with (
        whole_app(settings) as built,
        served(built) as address,
        socket(address) as ws,
    ):
        bomb = await ws.ask(hostile.fragment_bomb(20))
        deep = await ws.ask(hostile.deep_fragment_chain(10))
        merging = await ws.ask(hostile.repeated_field(1980))
        nul = await ws.ask("query($c: String!) { guidePoint(code: $c) { name } }", {"c": "A\x00B"})
        huge = await ws.ask("{ departments(first: 36893488147419103232) { nodes { code } } }")
        mutations = await ws.ask(
            "mutation { " + " ".join(f"v{i}: {UNLISTED_MUTATION[11:-2]}" for i in range(5)) + " }"
        )

    assert [code_of(a) for a in (bomb, deep, merging, nul, huge, mutations)] == [
        "QUERY_TOO_COMPLEX",
        "QUERY_TOO_DEEP",
        "QUERY_TOO_COMPLEX",
        "INVALID_INPUT",
        "INVALID_INPUT",
        "TOO_MANY_MUTATIONS",
    ]


async def test_an_operation_over_the_size_limit_is_refused(settings: Settings, app: object) -> None:
    padded = UNLISTED + " " * 2_000
    async with (
        whole_app(settings, graphql_max_body_bytes=1_000) as built,
        served(built) as address,
        socket(address) as ws,
    ):
        refused = await ws.ask(padded)
        allowed = await ws.ask(UNLISTED)

    assert code_of(refused) == "PAYLOAD_TOO_LARGE"
    assert allowed["type"] == "next"


async def test_the_per_address_limit_counts_every_operation_on_a_socket(
    settings: Settings, app: object
) -> None:
    async with (
        whole_app(settings, rate_limit_per_ip_per_minute=3) as built,
        served(built) as address,
        socket(address) as ws,
    ):
        answers = [await ws.ask(UNLISTED) for _ in range(4)]

    assert [a["type"] for a in answers] == ["next", "next", "next", "error"]
    assert answers[3]["payload"][0]["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 20}


async def test_the_per_person_limit_counts_every_operation_on_a_signed_in_socket(
    settings: Settings, app: object
) -> None:
    viewer = Principal(person_id=77_001, session_id="ws-limits", assurance=Assurance.L1, channel="app")
    limits = {"rate_limit_per_ip_per_minute": 1_000_000, "rate_limit_per_user_per_minute": 2}
    async with whole_app(settings, **limits) as limited, served(limited) as address:
        token = limited.state.services.identity.sessions.access.issue(viewer)
        async with socket(address, {"authorization": f"Bearer {token}"}) as ws:
            answers = [await ws.ask(UNLISTED) for _ in range(3)]

    assert [code_of(a) for a in answers] == [None, None, "RATE_LIMITED"]
