"""GraphQL over HTTP (the graphql-http spec): POST JSON, GET for queries only.

Responses are ``application/graphql-response+json`` when the client accepts it (request errors
then get 4xx), else ``application/json`` (always 200 for a well-formed request).

A request goes through named steps (:meth:`GraphQLHTTP._serve`): read the parameters, build the
context, identify the document (persisted-query hash), pass the front door (rate limits and the
response cache in one Redis round trip, before any parsing; none at all when this instance holds
a lease on the rate limits and its own copy of the response), load the document text
(allow-list, registered persisted queries), execute, encode, and keep the response when it may be
shared.
"""

from __future__ import annotations

import re
import uuid
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
import strawberry
from graphql import GraphQLError
from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from luojiang.api.context import Channel, Context, locale_from_header
from luojiang.api.error_policy import UNAVAILABLE, classify
from luojiang.api.identity.auth import viewer_from_bearer
from luojiang.api.protection.gate import Gate
from luojiang.api.protection.persisted import Document, identify
from luojiang.api.protection.response_cache import ResponseCache
from luojiang.api.services import Services
from luojiang.api.transport.params import (
    REMEMBERED_QUERY_BYTES,
    GraphQLParams,
    RequestRejected,
    params_of_query_string,
    read_params,
    unavailable,
)
from luojiang.core import logs, outage
from luojiang.core.cache_tags import local_changes

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
QUERIES_ONLY = (OperationType.QUERY,)
ALL_OPERATIONS = (OperationType.QUERY, OperationType.MUTATION)
CONTENT_TYPES = {kind: f"{kind}; charset=utf-8".encode() for kind in (GRAPHQL_RESPONSE, JSON)}
# public GETs whose document and cache key are remembered (query strings of at most
# REMEMBERED_QUERY_BYTES): about 2 MiB at most
REMEMBERED_GETS = 1024


@dataclass(frozen=True)
class Asked:
    """What a request asks for: the document, and its entry in the response cache ("" for none)."""

    document: Document
    cache_key: str


class GraphQLHTTP:
    def __init__(
        self, schema: strawberry.Schema, services: Services, operations: dict[str, str] | None = None
    ) -> None:
        settings = services.settings
        self.schema = schema
        self.services = services
        self.max_body = settings.graphql_max_body_bytes
        # the WebSocket view shares it (luojiang.app.main): one set of leases and limits per instance
        self.gate = Gate(services, operations)
        self.cache = ResponseCache(
            services.redis,
            settings.response_cache_ttl_seconds,
            schema.as_str(),
            local_bytes=settings.response_cache_local_bytes,
            local_lag_seconds=settings.response_cache_local_lag_ms / 1000,
        )
        # a public persisted GET repeats the same few query strings: decoding the variables and
        # the extensions and hashing the key cost more than serving the response this instance keeps
        self._public_get = lru_cache(maxsize=REMEMBERED_GETS)(self._asked_by_query_string)

    def running(self) -> AbstractAsyncContextManager[None]:
        """The application's lifespan: while it runs, the view serves its own copies of responses."""
        return self.cache.following()

    async def __call__(self, request: Request) -> Response:
        headers = _first_values(request)
        request_id = _request_id(headers)
        media_type = _negotiate(headers.get("accept"))
        if media_type is None:
            return _rejection(
                RequestRejected(406, "NOT_ACCEPTABLE", "accept application/json"), JSON, request_id
            )
        try:
            return await self._serve(request, headers, request_id, media_type)
        except RequestRejected as rejected:
            return _rejection(rejected, media_type, request_id)
        except RedisError as error:
            outage.REDIS.failed(error, "the HTTP view")
            return _rejection(unavailable(), media_type, request_id)

    async def _serve(
        self, request: Request, headers: dict[str, str], request_id: str, media_type: str
    ) -> Response:
        changes = local_changes()  # before anything is read: see luojiang.core.cache_tags
        context = self._context(request, headers, request_id)
        params, asked = await self._asked(request, context)
        cache_key = asked.cache_key
        kept = await self.cache.kept(cache_key)
        asked_at = self.cache.clock()
        try:
            admission = await self.gate.admit(
                context.client_ip, context.viewer, "" if kept is not None else cache_key
            )
        except RedisError as error:
            # public data this instance holds is still served (unlimited: it costs next to nothing)
            last_known = self.cache.last_known(cache_key)
            if last_known is None:
                raise
            outage.REDIS.failed(error, "the front door")
            return _response(last_known, 200, media_type, request_id, {"x-cache": "stale"})
        if kept is not None:
            return _response(kept, 200, media_type, request_id, {"x-cache": "hit"})
        if admission.cached is not None:
            self.cache.found(cache_key, admission.cached, changes, asked_at)
            return _response(admission.cached.body, 200, media_type, request_id, {"x-cache": "hit"})
        query = await self.gate.text_of(asked.document)
        # a remembered GET's parameters are read again: each execution gets variables of its own
        params = params or await read_params(request, self.max_body)
        result = await self._execute(request, params, query, context)
        body, status = _encode(result, media_type, request_id)
        if any((e.extensions or {}).get("code") == UNAVAILABLE for e in result.errors or ()):
            return _response(body, 503, media_type, request_id, unavailable().headers)
        if not cache_key:
            return _response(body, status, media_type, request_id)
        stored = await self.cache.store(
            cache_key,
            body,
            context,
            started_us=admission.started_us,
            changes=changes,
            failed=bool(result.errors),
        )
        return _response(body, status, media_type, request_id, {"x-cache": "miss" if stored else "pass"})

    async def _asked(self, request: Request, context: Context) -> tuple[GraphQLParams | None, Asked]:
        """The request's parameters (None when a public GET's were remembered) and what it asks."""
        query_string: bytes = request.scope["query_string"]
        public = context.viewer is None and len(query_string) <= REMEMBERED_QUERY_BYTES
        if request.method == "GET" and public:
            return None, self._public_get(query_string, context.channel, context.locale)
        params = await read_params(request, self.max_body)
        document = identify(params)
        key = self.cache.key(document.sha256, params.operation_name, params.variables, context)
        return params, Asked(document, key)

    def _asked_by_query_string(self, query_string: bytes, channel: Channel, locale: str) -> Asked:
        # a request refused here raises, and nothing is remembered for it
        params = params_of_query_string(query_string)
        document = identify(params)
        key = self.cache.public_key(document.sha256, params.operation_name, params.variables, channel, locale)
        return Asked(document, key)

    def _context(self, request: Request, headers: dict[str, str], request_id: str) -> Context:
        client = request.scope.get("client")
        return Context(
            services=self.services,
            request_id=request_id,
            channel=Channel.from_header(headers.get("x-client-channel")),
            locale=locale_from_header(headers.get("accept-language")),
            client_ip=client[0] if client else "-",
            viewer=viewer_from_bearer(self.services, headers.get("authorization")),
        )

    async def _execute(
        self, request: Request, params: GraphQLParams, query: str, context: Context
    ) -> ExecutionResult:
        allowed = QUERIES_ONLY if request.method == "GET" else ALL_OPERATIONS
        try:
            return await self.schema.execute(
                query,
                variable_values=params.variables,
                context_value=context,
                operation_name=params.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=params.extensions,
            )
        except CannotGetOperationTypeError as exc:
            raise RequestRejected(400, "BAD_REQUEST", "operationName does not name an operation") from exc
        except InvalidOperationTypeError as exc:
            raise RequestRejected(
                405, "METHOD_NOT_ALLOWED", "mutations need POST", {"Allow": "POST"}
            ) from exc


def _first_values(request: Request) -> dict[str, str]:
    """The request's headers by name, the first value of each as ``request.headers.get`` gives it,
    in a plain dict: ``Headers.get`` raises and catches a KeyError for each absent header, and most
    of the five this view asks for are absent."""
    pairs = reversed(request.scope["headers"])  # the first value of a repeated name wins
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in pairs}


def _request_id(headers: dict[str, str]) -> str:
    # the one set for this request's log lines, when the application sets one
    current = logs.request_id.get()
    if current:
        return current
    given = headers.get("x-request-id", "")
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex


def _negotiate(accept: str | None) -> str | None:
    if not accept:
        return JSON
    types = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if GRAPHQL_RESPONSE in types:
        return GRAPHQL_RESPONSE
    if JSON in types or "*/*" in types or "application/*" in types:
        return JSON
    return None


def _encode(result: ExecutionResult, media_type: str, request_id: str) -> tuple[bytes, int]:
    # variable coercion fails before any field runs: its errors carry no path
    executed = not isinstance(result, PreExecutionError) and not (
        result.data is None and result.errors and all(e.path is None for e in result.errors)
    )
    body: dict[str, Any] = {}
    if result.errors:
        # parse errors end before the schema extensions see a result: classify them here too
        errors = result.errors if executed else [classify(e, request_id) for e in result.errors]
        body["errors"] = [error.formatted for error in errors]
    if executed:
        body["data"] = result.data
    if result.extensions:
        body["extensions"] = result.extensions
    # graphql-response+json: a request that never reached execution (parse or validation error) is a 400
    status = 400 if media_type == GRAPHQL_RESPONSE and not executed else 200
    return orjson.dumps(body), status


def _response(
    body: bytes, status: int, media_type: str, request_id: str, headers: dict[str, str] | None = None
) -> Response:
    return EncodedResponse(body, status, CONTENT_TYPES[media_type], request_id, headers or {})


class EncodedResponse(Response):
    """Encoded bytes with their headers written straight in their raw form: Starlette's
    general-purpose constructor (rendering, a headers mapping searched for content-length and
    content-type, charset handling) cost more than finding a cached response did."""

    def __init__(
        self, body: bytes, status: int, content_type: bytes, request_id: str, headers: dict[str, str]
    ) -> None:
        self.status_code = status
        self.body = body
        self.background = None
        self.raw_headers = [
            (b"x-request-id", request_id.encode("latin-1")),
            *((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()),
            (b"content-length", b"%d" % len(body)),
            (b"content-type", content_type),
        ]


def _rejection(rejected: RequestRejected, media_type: str, request_id: str) -> Response:
    error = GraphQLError(rejected.message, extensions={"code": rejected.code})
    return Response(
        orjson.dumps({"errors": [error.formatted]}),
        status_code=rejected.status,
        media_type=f"{media_type}; charset=utf-8",
        headers={"x-request-id": request_id, **rejected.headers},
    )
