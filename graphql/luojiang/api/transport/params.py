"""GraphQL-over-HTTP request parameters, read from a GET query string or a POST JSON body.

Malformed requests are :class:`RequestRejected` with the HTTP status the spec asks for; the
GraphQL layer never sees them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.requests import Request

from luojiang.api.error_policy import INVALID_INPUT, UNAVAILABLE, UNAVAILABLE_MESSAGE
from luojiang.core import outage

JSON_TYPES = ("application/json", "application/graphql-response+json")
# Query strings up to this long are decoded once and remembered (the last 1024 of them): a public
# persisted GET repeats the same few strings, and decoding one costs more than serving its cached
# response. Longer ones are decoded every time, so the memory stays bounded.
REMEMBERED_QUERY_BYTES = 2048


class RequestRejected(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def unavailable() -> RequestRejected:
    """A request that needs Redis while it is unreachable: 503, try again shortly."""
    retry = str(outage.RETRY_AFTER_SECONDS)
    return RequestRejected(503, UNAVAILABLE, UNAVAILABLE_MESSAGE, {"Retry-After": retry})


@dataclass(frozen=True)
class GraphQLParams:
    query: str | None
    operation_name: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)


async def read_params(request: Request, max_body_bytes: int) -> GraphQLParams:
    if request.method == "GET":
        return params_of_query_string(request.scope["query_string"])
    if request.method != "POST":
        raise RequestRejected(405, "METHOD_NOT_ALLOWED", "use GET or POST", {"Allow": "GET, POST"})
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in JSON_TYPES:
        raise RequestRejected(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json")
    payload = decode_json(await _read_body(request, max_body_bytes), "the body")
    if isinstance(payload, list):
        raise RequestRejected(400, "BATCHING_NOT_SUPPORTED", "send one operation per request")
    if not isinstance(payload, dict):
        raise RequestRejected(400, "BAD_REQUEST", "the body must be a JSON object")
    return params_from(payload, encoded=False)


def decode_json(text: bytes | str, what: str) -> Any:
    """JSON as orjson reads it (nesting is bounded, a number past a double is refused); JSON that
    only such a value keeps orjson from reading is the client's input at fault, not malformed."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if _well_formed(text):
            message = f"{what} holds a value no field can take (a number out of range, an unpaired surrogate)"
            raise RequestRejected(400, INVALID_INPUT, message) from exc
        raise RequestRejected(400, "BAD_REQUEST", f"{what} is not valid JSON") from exc


def _well_formed(text: bytes | str) -> bool:
    # numbers are not converted, so 4,300 digits cost nothing; NaN and Infinity are not JSON
    try:
        json.loads(text, parse_int=_ignore, parse_float=_ignore, parse_constant=_not_json)
    except (ValueError, RecursionError):
        return False
    return True


def _ignore(_: str) -> int:
    return 0


def _not_json(constant: str) -> None:
    raise ValueError(constant)


class UnreadableLength(ValueError):
    """A Content-Length header that is no length (not all ASCII digits)."""


def declared_over(request: Request, limit: int) -> bool:
    """Whether the declared Content-Length is over ``limit``, judged before a byte is read: on its
    ASCII digits (``str.isdigit`` takes a Latin-1 "²", which ``int()`` refuses) and on their count
    first (``int()`` of 4,300 of them raises). Raises :class:`UnreadableLength` for no length."""
    declared = request.headers.get("content-length")
    if declared is None:
        return False
    if not (declared.isascii() and declared.isdigit()):
        raise UnreadableLength(declared[:20])
    digits = declared.lstrip("0")
    return len(digits) > len(str(limit)) or int(digits or "0") > limit


async def _read_body(request: Request, limit: int) -> bytes:
    try:
        over = declared_over(request, limit)
    except UnreadableLength as unreadable:
        raise RequestRejected(400, "BAD_REQUEST", "the Content-Length header is not a length") from unreadable
    if over:
        raise RequestRejected(413, "PAYLOAD_TOO_LARGE", f"the body is over {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestRejected(413, "PAYLOAD_TOO_LARGE", f"the body is over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def params_of_query_string(raw: bytes) -> GraphQLParams:
    return params_from(_query_pairs(raw), encoded=True)


def _query_pairs(raw: bytes) -> dict[str, str]:
    """The decoded query string, as Starlette's ``dict(request.query_params)`` has it (the last
    value of a repeated name wins); a fresh dict every time, from strings decoded once."""
    return dict(_remembered_pairs(raw) if len(raw) <= REMEMBERED_QUERY_BYTES else _decoded_pairs(raw))


@lru_cache(maxsize=1024)
def _remembered_pairs(raw: bytes) -> tuple[tuple[str, str], ...]:
    return _decoded_pairs(raw)


def _decoded_pairs(raw: bytes) -> tuple[tuple[str, str], ...]:
    return tuple(parse_qsl(raw.decode("latin-1"), keep_blank_values=True))


def params_from(data: dict[str, Any], *, encoded: bool = False) -> GraphQLParams:
    """The parameters in a GET query string (``encoded``: variables and extensions as JSON text),
    a POST body or a WebSocket ``subscribe`` payload."""
    query = data.get("query")
    operation_name = data.get("operationName")
    if query is not None and not isinstance(query, str):
        raise RequestRejected(400, "BAD_REQUEST", "query must be a string")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestRejected(400, "BAD_REQUEST", "operationName must be a string")
    return GraphQLParams(
        query=query or None,
        operation_name=operation_name or None,
        variables=_object(data.get("variables"), "variables", encoded),
        extensions=_object(data.get("extensions"), "extensions", encoded),
    )


def _object(value: Any, name: str, encoded: bool) -> dict[str, Any]:
    if encoded and isinstance(value, str):
        value = decode_json(value, name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RequestRejected(400, "BAD_REQUEST", f"{name} must be a JSON object")
    return value
