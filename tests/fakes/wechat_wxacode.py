"""A fake of WeChat's ``/wxa/getwxacodeunlimit`` speaking the real protocol over HTTP: the access
token in the query, a JSON body, the image bytes on success and ``{errcode, errmsg}`` JSON on
failure. Failures can be queued to script a test."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import segno
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

SCENE = re.compile(r"^[0-9A-Za-z!#$&'()*+,/:;=?@._~-]{1,32}$")


@dataclass
class FakeWxaCode:
    valid_tokens: set[str] = field(default_factory=lambda: {"token-2"})
    pages: set[str] = field(default_factory=lambda: {"pages/guide/index"})
    queued: list[dict[str, Any] | int] = field(default_factory=list)  # errcode JSON, or an HTTP status
    calls: list[dict[str, Any]] = field(default_factory=list)
    # the login fake's stable_token, when both fakes stand for one WeChat
    current_token: Callable[[], str] | None = None

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/wxa/getwxacodeunlimit", self._code, methods=["POST"])])

    async def _code(self, request: Request) -> Response:
        token = request.query_params.get("access_token", "")
        body = orjson.loads(await request.body())
        self.calls.append({"token": token, **body})
        valid = {self.current_token()} if self.current_token else self.valid_tokens
        if token not in valid:
            return _error(40001, "invalid credential, access_token is invalid or not latest")
        if self.queued:
            scripted = self.queued.pop(0)
            if isinstance(scripted, int):
                return Response("<html>bad gateway</html>", status_code=scripted, media_type="text/html")
            return JSONResponse(scripted)
        scene = body.get("scene", "")
        if not isinstance(scene, str) or not SCENE.match(scene):
            return _error(40169, "invalid length for scene, or the data is not json string")
        if body.get("page") not in self.pages:
            return _error(41030, "invalid page rid: 6540ba0a-1f2c4b3e-3a1e9c2d")
        image = io.BytesIO()
        segno.make(f"wxacode:{scene}", error="m").save(image, kind="png", scale=4)
        return Response(image.getvalue(), media_type="image/png")


def _error(code: int, message: str) -> Response:
    # WeChat sends its errors as JSON with a text/plain or application/json type
    return Response(orjson.dumps({"errcode": code, "errmsg": message}), media_type="application/json")


@dataclass
class FakeTokens:
    """An AccessTokenSource: hands out the current token; a discarded one is never handed out again."""

    tokens: list[str] = field(default_factory=lambda: ["token-2"])
    discarded: list[str] = field(default_factory=list)

    async def get(self) -> str:
        return self.tokens[0]

    async def drop(self, token: str) -> None:
        if self.tokens and self.tokens[0] == token and len(self.tokens) > 1:
            self.tokens.pop(0)
        self.discarded.append(token)
