"""A fake of the WeChat mini-program server API speaking its JSON protocol (ref/wechat.md 1.1-1.3).

Login and phone codes are single-use and expire after five minutes; ``stable_token`` in normal mode
returns the same token until it is rotated; calls with an old token get 40001.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

CODE_LIFETIME = 300


@dataclass
class FakeWeChat:
    app_id: str
    secret: str
    now: float = field(default_factory=time.time)
    login_codes: dict[str, tuple[str, str | None, float]] = field(default_factory=dict)
    phone_codes: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    blocked: set[str] = field(default_factory=set)
    access_token: str = ""
    token_fetches: int = 0
    watermark_appid: str | None = None
    busy: bool = False
    # subscribe messages: the openids that refused (43101), the template ids that exist, those sent
    refused: set[str] = field(default_factory=set)
    templates: set[str] = field(default_factory=set)
    subscribe_sent: list[dict[str, object]] = field(default_factory=list)

    def login_code(self, openid: str, unionid: str | None = None) -> str:
        code = secrets.token_hex(8)
        self.login_codes[code] = (openid, unionid, self.now)
        return code

    def phone_code(self, phone: str, openid: str) -> str:
        code = secrets.token_hex(8)
        self.phone_codes[code] = (phone, openid, self.now)
        return code

    def expire_access_token(self) -> None:
        """WeChat rotated the token: the one callers hold now gets 40001."""
        self.access_token = ""

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/sns/jscode2session", self._jscode2session),
                Route("/cgi-bin/stable_token", self._stable_token, methods=["POST"]),
                Route("/wxa/business/getuserphonenumber", self._phone, methods=["POST"]),
                Route("/cgi-bin/message/subscribe/send", self._subscribe_send, methods=["POST"]),
            ]
        )

    async def _jscode2session(self, request: Request) -> JSONResponse:
        q = request.query_params
        if q.get("appid") != self.app_id or q.get("secret") != self.secret:
            return _error(40125, "invalid appsecret")
        if self.busy:
            return _error(-1, "system error")
        code = q.get("js_code", "")
        if code in self.blocked:
            return _error(40226, "code blocked")
        if code in self.used:
            return _error(40163, "code been used")
        found = self.login_codes.get(code)
        if found is None or self.now - found[2] > CODE_LIFETIME:
            return _error(40029, "invalid code")
        self.used.add(code)
        openid, unionid, _ = found
        body = {"openid": openid, "session_key": secrets.token_hex(12)}
        return JSONResponse({**body, "unionid": unionid} if unionid else body)

    async def _stable_token(self, request: Request) -> JSONResponse:
        body = await request.json()
        if body.get("appid") != self.app_id or body.get("secret") != self.secret:
            return _error(40125, "invalid appsecret")
        self.token_fetches += 1
        if not self.access_token or body.get("force_refresh"):
            self.access_token = secrets.token_urlsafe(48)
        return JSONResponse({"access_token": self.access_token, "expires_in": 7200})

    async def _subscribe_send(self, request: Request) -> JSONResponse:
        return await _subscribe_send_checked(self, request)

    async def _phone(self, request: Request) -> JSONResponse:
        token = request.query_params.get("access_token")
        if not token or token != self.access_token:
            return _error(40001, "invalid credential, access_token is invalid or not latest")
        body = await request.json()
        code = body.get("code", "")
        found = self.phone_codes.get(code)
        if code in self.used or found is None or self.now - found[2] > CODE_LIFETIME:
            return _error(40029, "invalid code")
        phone, openid, _ = found
        if body.get("openid") not in (None, openid):
            return _error(40029, "invalid code")
        self.used.add(code)
        watermark = {"timestamp": int(self.now), "appid": self.watermark_appid or self.app_id}
        info = {
            "phoneNumber": f"+86{phone}",
            "purePhoneNumber": phone,
            "countryCode": "86",
            "watermark": watermark,
        }
        return JSONResponse({"errcode": 0, "errmsg": "ok", "phone_info": info})


async def _subscribe_send_checked(fake: FakeWeChat, request: Request) -> JSONResponse:
    token = request.query_params.get("access_token")
    if not token or token != fake.access_token:
        return _error(40001, "invalid credential, access_token is invalid or not latest")
    if fake.busy:
        return _error(-1, "system error")
    body = await request.json()
    if body.get("template_id") not in fake.templates:
        return _error(40037, "invalid template_id")
    if body.get("touser") in fake.refused:
        return _error(43101, "user refuse to accept the msg")
    limits = {"thing": 20, "phrase": 5, "character_string": 32, "time": 32}
    for key, value in (body.get("data") or {}).items():
        kind = key.rstrip("0123456789")
        if len(str(value.get("value", ""))) > limits.get(kind, 0):
            return _error(47003, f"argument invalid! data.{key}.value invalid")
    fake.subscribe_sent.append(body)
    return JSONResponse({"errcode": 0, "errmsg": "ok", "msgid": 7_000_000 + len(fake.subscribe_sent)})


def _error(code: int, message: str) -> JSONResponse:
    return JSONResponse({"errcode": code, "errmsg": message})
