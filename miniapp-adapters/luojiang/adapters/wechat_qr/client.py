"""``POST /wxa/getwxacodeunlimit`` (ref/wechat.md 2.2): the image bytes on success, JSON
``{errcode, errmsg}`` on failure, told apart by the response's Content-Type.

The scene is ``c=<point code>`` (10 characters of the allowed set, within the 32 allowed); the
mini-program page reads it from ``decodeURIComponent(query.scene)``.
"""

from __future__ import annotations

import re

import httpx
import orjson

from luojiang.core.tourism.ports import (
    AccessTokenSource,
    CodeImage,
    CodeRequest,
    UpstreamRefused,
    UpstreamUnavailable,
)

SCENE_SHAPE = re.compile(r"^[0-9A-Za-z!#$&'()*+,/:;=?@._~-]{1,32}$")
# the token expired or was replaced: fetch the current one and try once more
TOKEN_ERRORS = frozenset({40001, 40014, 42001})
# busy or over quota: worth another try later
RETRYABLE_ERRORS = frozenset({-1, 45009, 45011})
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png"}


def scene_for(point_code: str) -> str:
    scene = f"c={point_code}"
    if not SCENE_SHAPE.match(scene):
        raise UpstreamRefused(f"scene {scene!r} is not a valid wxacode scene")
    return scene


class WeChatCodeMaker:
    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        tokens: AccessTokenSource,
        page: str,
        env_version: str = "release",
        width: int = 430,
    ) -> None:
        self.http = http
        self.url = f"{base_url.rstrip('/')}/wxa/getwxacodeunlimit"
        self.tokens = tokens
        self.page = page
        self.env_version = env_version
        self.width = width

    async def make(self, request: CodeRequest) -> CodeImage:
        body = orjson.dumps(
            {
                "scene": scene_for(request.point_code),
                "page": self.page,
                "check_path": self.env_version == "release",
                "env_version": self.env_version,
                "width": self.width,
            }
        )
        for attempt in range(2):
            token = await self.tokens.get()
            response = await self._post(token, body)
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if response.status_code == 200 and media_type in IMAGE_TYPES:
                return CodeImage(response.content, media_type, IMAGE_TYPES[media_type])
            errcode, errmsg = _error_of(response)
            if errcode in TOKEN_ERRORS and attempt == 0:
                await self.tokens.drop(token)
                continue
            if errcode in RETRYABLE_ERRORS or errcode in TOKEN_ERRORS or response.status_code >= 500:
                raise UpstreamUnavailable(f"wechat wxacode {errcode}: {errmsg}")
            raise UpstreamRefused(f"wechat wxacode {errcode}: {errmsg}")
        raise AssertionError("unreachable: the second attempt returns or raises")

    async def _post(self, token: str, body: bytes) -> httpx.Response:
        try:
            return await self.http.post(
                self.url,
                params={"access_token": token},
                content=body,
                headers={"content-type": "application/json"},
            )
        except httpx.TransportError as exc:
            raise UpstreamUnavailable(f"wechat wxacode unreachable: {type(exc).__name__}") from exc


def _error_of(response: httpx.Response) -> tuple[int, str]:
    try:
        payload = orjson.loads(response.content)
        return int(payload.get("errcode", -1)), str(payload.get("errmsg", ""))[:120]
    except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError):
        return -1, f"HTTP {response.status_code}, unexpected {response.headers.get('content-type', 'body')}"
