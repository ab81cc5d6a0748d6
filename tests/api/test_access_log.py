"""The access log (luojiang.app.observability): every failed or slow request gets a line, the
others a sampled share; each line is JSON with the request id, and personal data in a path is
masked like any other line."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from luojiang.app.observability import AccessLog, RequestContext
from luojiang.core.logs import configure_logging
from luojiang.core.settings import Settings


@pytest.fixture
def log_lines(settings: Settings) -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure_logging(settings.model_copy(update={"log_json": True, "log_level": "INFO"}))
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        yield stream
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def _app(settings: Settings, sample: float, slow_ms: int = 60_000) -> httpx.AsyncClient:
    async def page(request: Request) -> Response:
        return Response(b"ok", status_code=int(request.query_params.get("status", "200")))

    access = AccessLog(
        settings.model_copy(update={"access_log_sample": sample, "access_log_slow_ms": slow_ms})
    )
    app = Starlette(
        routes=[Route("/page/{rest:path}", page)], middleware=[Middleware(RequestContext, access=access)]
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [line for line in lines if line["logger"] == "luojiang.access"]


async def test_failed_requests_are_always_logged_successful_ones_only_when_sampled(
    settings: Settings, log_lines: io.StringIO
) -> None:
    async with _app(settings, sample=0) as http:
        await http.get("/page/a")
        await http.get("/page/b?status=503", headers={"x-request-id": "req-abcdefgh"})
        await http.get("/page/c?status=404")

    lines = _lines(log_lines)
    assert [(line["message"], line["status"]) for line in lines] == [
        ("GET /page/b 503", 503),
        ("GET /page/c 404", 404),
    ]
    assert lines[0]["request_id"] == "req-abcdefgh"


async def test_a_sample_of_one_logs_every_request_and_a_slow_one_is_always_logged(
    settings: Settings, log_lines: io.StringIO
) -> None:
    async with _app(settings, sample=1) as http:
        await http.get("/page/a")
    async with _app(settings, sample=0, slow_ms=0) as http:
        await http.get("/page/slow")

    assert [line["message"] for line in _lines(log_lines)] == ["GET /page/a 200", "GET /page/slow 200"]


async def test_personal_data_in_a_logged_path_is_masked(settings: Settings, log_lines: io.StringIO) -> None:
    async with _app(settings, sample=0) as http:
        await http.get("/page/13812345678?status=404")

    (line,) = _lines(log_lines)
    assert line["message"] == "GET /page/[phone] 404"
    assert "13812345678" not in log_lines.getvalue()


async def test_a_verification_token_in_a_logged_path_is_masked(
    settings: Settings, log_lines: io.StringIO
) -> None:
    token = "q2Xq0hP7nZ8hD2Uq9f3JxWmA4s1Kb6Tn-0a_9LrVbYc2Ee5H"  # a refused HEAD or POST leaves it live
    async with _app(settings, sample=0) as http:
        await http.head(f"/verify/{token}")

    (line,) = _lines(log_lines)
    assert line["message"] == "HEAD /verify/[token] 404"
    assert token not in log_lines.getvalue()


async def test_a_verification_token_is_masked_whatever_the_case_of_its_path(
    settings: Settings, log_lines: io.StringIO
) -> None:
    token = "q2Xq0hP7nZ8hD2Uq9f3JxWmA4s1Kb6Tn-0a_9LrVbYc2Ee5H"  # refused by the router, so still live
    async with _app(settings, sample=0) as http:
        await http.head(f"/VERIFY/{token}")
        await http.get(f"/Verify/{token[:20]}.{token[20:]}/more?x=1")

    assert [line["message"] for line in _lines(log_lines)] == [
        "HEAD /VERIFY/[token] 404",
        "GET /Verify/[token] 404",
    ]
    assert token[20:] not in log_lines.getvalue()


def test_the_sample_decides_by_chance_for_fast_successful_requests(settings: Settings) -> None:
    draws = iter([0.004, 0.5])
    access = AccessLog(settings.model_copy(update={"access_log_sample": 0.01}), chance=lambda: next(draws))
    assert access.wanted(200, 0.001) is True
    assert access.wanted(200, 0.001) is False
