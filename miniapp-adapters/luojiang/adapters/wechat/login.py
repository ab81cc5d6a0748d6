"""WeChat mini-program login: ``jscode2session`` and the code-based ``getuserphonenumber``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from luojiang.adapters.wechat.access_token import StableAccessToken
from luojiang.adapters.wechat.errors import AccessTokenRejected, raise_for_errcode
from luojiang.core.errors import DomainError
from luojiang.core.identity.errors import IdentityErrorCode
from luojiang.core.identity.ports import LoginRejected, PlatformUnavailable, WeChatUser
from luojiang.core.security.validation import mobile_phone


@dataclass
class WeChatMiniProgramLogin:
    http: httpx.AsyncClient
    tokens: StableAccessToken
    api_base: str
    app_id: str
    secret: str

    async def session(self, js_code: str) -> WeChatUser:
        params = {
            "appid": self.app_id,
            "secret": self.secret,
            "js_code": js_code,
            "grant_type": "authorization_code",
        }
        data = await self._call("GET", "/sns/jscode2session", params=params)
        raise_for_errcode(data)
        # session_key is not needed by the code-based phone API: it is dropped here, never stored or sent
        return WeChatUser(openid=str(data["openid"]), unionid=data.get("unionid"))

    async def phone_number(self, phone_code: str, openid: str) -> str:
        token = await self.tokens.get()
        try:
            data = await self._phone_call(token, phone_code, openid)
        except AccessTokenRejected:
            await self.tokens.drop(token)
            try:
                data = await self._phone_call(await self.tokens.get(), phone_code, openid)
            except AccessTokenRejected as again:
                raise PlatformUnavailable("WeChat rejected a fresh access token") from again
        info = data.get("phone_info") or {}
        if (info.get("watermark") or {}).get("appid") != self.app_id:
            raise LoginRejected(IdentityErrorCode.WRONG_APP, "The phone number was issued to another app.")
        try:
            return mobile_phone(str(info.get("purePhoneNumber", "")))
        except DomainError as exc:
            raise LoginRejected(
                IdentityErrorCode.INVALID_PHONE, "WeChat returned no mainland number."
            ) from exc

    async def _phone_call(self, token: str, phone_code: str, openid: str) -> dict[str, Any]:
        data = await self._call(
            "POST",
            "/wxa/business/getuserphonenumber",
            params={"access_token": token},
            json={"code": phone_code, "openid": openid},
        )
        raise_for_errcode(data)
        return data

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await self.http.request(method, f"{self.api_base}{path}", **kwargs)
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise PlatformUnavailable(f"WeChat {path} did not answer") from exc
        if not isinstance(data, dict):
            raise PlatformUnavailable(f"WeChat {path} answered with no object")
        return data
