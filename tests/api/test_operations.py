"""Operations endpoints and logs: /healthz, /readyz in both states, /metrics, JSON lines with the
request id and no personal data."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from starlette.applications import Starlette

from luojiang.app.main import create_app
from luojiang.core.logs import JsonFormatter, MaskingFilter, RequestIdFilter, mask
from luojiang.core.settings import Settings


async def test_healthz_says_alive(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "alive"})


async def test_readyz_is_ready_when_database_and_redis_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert (response.status_code, response.json()) == (
        200,
        {"ready": True, "checks": {"database": True, "redis": True}},
    )


async def test_readyz_is_not_ready_when_redis_does_not_answer(app: Starlette, settings: Settings) -> None:
    # a second app whose Redis is a closed port; it shares the session's open database
    broken = create_app(settings.model_copy(update={"redis_url": "redis://127.0.0.1:9/0"}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=broken), base_url="http://t") as http:
        response = await http.get("/readyz")
    assert (response.status_code, response.json()) == (
        503,
        {"ready": False, "checks": {"database": True, "redis": False}},
    )


async def test_metrics_count_operations_by_name_and_errors_by_code(client: httpx.AsyncClient) -> None:
    headers = {"accept": "application/graphql-response+json"}
    await client.post(
        "/graphql",
        json={"query": "query CatalogueProbe { departments(first: 1) { edges { cursor } } }"},
        headers=headers,
    )
    await client.post("/graphql", json={"query": "query Broken { nope }"}, headers=headers)

    text = (await client.get("/metrics")).text

    assert 'luojiang_graphql_operations_total{operation="CatalogueProbe",outcome="ok"}' in text
    assert 'luojiang_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}' in text
    assert 'luojiang_http_requests_total{method="POST",route="/graphql",status="200"}' in text


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("citizen 510626199001011234 applied", "citizen [id-number] applied"),
        ("id 51062619900101123X", "id [id-number]"),
        ("call 13812345678 or +86 139 0000 0000", "call [phone] or [phone]"),
        ("phone +8613812345678.", "phone [phone]."),
        ("Authorization: Bearer abc.DEF-123_x", "Authorization: Bearer [token]"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "token [jwt]"),
        ("order 20261128000012345678 paid 1380 fen", "order 20261128000012345678 paid 1380 fen"),
        # a 亮证 token in a path, whatever its case, with all that follows it up to a space or quote
        ("HEAD /verify/q2Xq0hP7-_9 404", "HEAD /verify/[token] 404"),
        ("HEAD /VERIFY/q2Xq0hP7-_9 404", "HEAD /VERIFY/[token] 404"),
        ('"GET /Verify/q2Xq.0hP7/pdf?lang=en HTTP/1.1" 404', '"GET /Verify/[token] HTTP/1.1" 404'),
        ("path '/vErIfY/q2Xq~0h%2FP7#x' refused", "path '/vErIfY/[token]' refused"),
        ("see https://gw.example/verify/q2Xq0hP7?s=1.", "see https://gw.example/verify/[token]"),
    ],
)
def test_personal_data_and_tokens_are_masked(line: str, masked: str) -> None:
    assert mask(line) == masked


def test_a_log_line_is_json_with_the_request_id_and_masked_arguments() -> None:
    from luojiang.core import logs

    record = logging.LogRecord(
        "luojiang.test", logging.INFO, __file__, 1, "verified %s", ("13812345678",), None
    )
    record.phone = "13812345678"
    token = logs.request_id.set("req-12345678")
    try:
        for log_filter in (RequestIdFilter(), MaskingFilter()):
            log_filter.filter(record)
    finally:
        logs.request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))

    assert {k: line[k] for k in ("level", "logger", "message", "request_id", "phone")} == {
        "level": "INFO",
        "logger": "luojiang.test",
        "message": "verified [phone]",
        "request_id": "req-12345678",
        "phone": "[phone]",
    }


def test_the_sql_logger_never_logs_parameter_values(settings: Settings) -> None:
    from luojiang.core.logs import configure_logging

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging(settings.model_copy(update={"log_level": "DEBUG"}))
        assert not logging.getLogger("tortoise.db_client").isEnabledFor(logging.DEBUG)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
