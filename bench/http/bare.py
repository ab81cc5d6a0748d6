"""The baselines of the socket benchmark: one bare Starlette app, served through the gateway's
own server function (``luojiang.app.server.serve``) with
the same settings, so that the server's share of the work is the same on both sides. It
configures no logging (the server's INFO lines are dropped at the level check): every line the
gateway writes counts against the gateway.

- ``GET /graphql``, ``GET /guide/{code}`` and ``GET /verify/{token}``: the bytes the gateway
  answered, read from a file once (what a static file server or a CDN would do);
- ``POST /graphql``: bare graphql-core (parsing cached, validation every time) on the gateway's
  own SDL, its ``matters`` field resolved through the same repository functions over the same
  database (one page query, one batched department query), nothing else;
- ``POST /notify/wechatpay``: what any WeChat Pay receiver must do before it may trust a
  notification (RSA-SHA256 signature over ``timestamp\\nnonce\\nbody\\n`` with the platform key,
  AES-256-GCM decryption of the resource, JSON parsing), then 204; no replay guard, no
  bookkeeping: those are what the gateway's figure adds.
"""

from __future__ import annotations

import base64
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from inspect import isawaitable
from pathlib import Path
from typing import Any

import graphql
import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from luojiang.api.protection.allow_list import published
from luojiang.core import db
from luojiang.core.catalogue import repository
from luojiang.core.pagination import PageRequest
from luojiang.core.settings import Settings, load_settings

FACTORY = "bench.http.bare:bare_app"
FOLDER = "BENCH_BARE_FOLDER"  # where the orchestrator left the bytes to answer with
GRAPHQL_RESPONSE = "application/graphql-response+json"


def bare_app() -> Starlette:
    settings = load_settings()
    folder = Path(os.environ[FOLDER])
    fixed = _fixed(folder / "graphql.body", (folder / "graphql.type").read_text())
    guide = _fixed(folder / "guide.body", (folder / "guide.type").read_text())
    verify = _fixed(folder / "verify.body", (folder / "verify.type").read_text())
    graphql_post = _graphql_endpoint(graphql.build_schema(published("schema.graphql").read_text("utf-8")))

    async def graphql_route(request: Request) -> Response:
        return await (fixed(request) if request.method == "GET" else graphql_post(request))

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with db.database(settings):
            yield

    routes = [
        Route("/healthz", lambda _: Response(b"alive")),
        Route("/graphql", graphql_route, methods=["GET", "POST"]),
        Route("/guide/{code}", guide),
        Route("/verify/{token}", verify),
        Route("/notify/wechatpay", _wechatpay_endpoint(settings), methods=["POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def _fixed(body_file: Path, content_type: str) -> Any:
    body = body_file.read_bytes()

    async def endpoint(_: Request) -> Response:
        return Response(body, headers={"content-type": content_type})

    return endpoint


def _graphql_endpoint(schema: graphql.GraphQLSchema) -> Any:
    schema.query_type.fields["matters"].resolve = _matters  # type: ignore[union-attr]
    parse = lru_cache(maxsize=1024)(graphql.parse)

    async def endpoint(request: Request) -> Response:
        payload = orjson.loads(await request.body())
        document = parse(payload["query"])
        errors = graphql.validate(schema, document)
        if errors:
            body = {"errors": [e.formatted for e in errors]}
            return Response(orjson.dumps(body), status_code=400, media_type=GRAPHQL_RESPONSE)
        result = graphql.execute(schema, document, variable_values=payload.get("variables"))
        if isawaitable(result):
            result = await result
        body = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        return Response(orjson.dumps(body), media_type=GRAPHQL_RESPONSE)

    return endpoint


async def _matters(_: object, __: Any, first: int, **___: Any) -> dict[str, Any]:
    page = await repository.matter_page(PageRequest(first=first))
    departments = await repository.departments_by_ids(sorted({m.department_id for m in page.items}))
    nodes = []
    for m in page.items:
        d = departments[m.department_id]
        nodes.append(
            {
                "code": m.code,
                "name": m.name,
                "category": m.category,
                "online": m.online,
                "promisedLimitDays": m.promised_limit_days,
                "legalLimitDays": m.legal_limit_days,
                "visitsRequired": m.visits_required,
                "phone": m.phone,
                "department": {"code": d.code, "name": d.name, "phone": d.phone},
            }
        )
    return {"nodes": nodes}


def _wechatpay_endpoint(settings: Settings) -> Any:
    key = serialization.load_pem_public_key(settings.wechatpay_public_key.encode())
    assert isinstance(key, rsa.RSAPublicKey)
    assert settings.wechatpay_apiv3_key is not None
    aead = AESGCM(settings.wechatpay_apiv3_key.get_secret_value().encode())

    async def endpoint(request: Request) -> Response:
        body, headers = await request.body(), request.headers
        signed = f"{headers['wechatpay-timestamp']}\n{headers['wechatpay-nonce']}\n".encode() + body + b"\n"
        try:
            signature = base64.b64decode(headers["wechatpay-signature"])
            key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return Response(status_code=401)
        resource = orjson.loads(body)["resource"]
        orjson.loads(
            aead.decrypt(
                resource["nonce"].encode(),
                base64.b64decode(resource["ciphertext"]),
                resource["associated_data"].encode(),
            )
        )
        return Response(status_code=204)

    return endpoint
