"""One signed call to the OpenAPI v2 gateway (``gateway.do``) and its verified answer.

The answer's signature covers the raw text of ``<method>_response`` exactly as received, so the
object is cut out of the raw body with ``raw_decode`` (immune to braces inside strings) and
verified before it is parsed (ref/alipay.md 2.4).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from luojiang.adapters.alipay_pay.config import AlipayPayConfig
from luojiang.adapters.alipay_pay.signing import (
    content_to_sign,
    load_private_key,
    load_public_key,
    rsa2_sign,
    rsa2_verify,
)
from luojiang.core.payments.ports import PlatformRejected, PlatformUnavailable

SHANGHAI = ZoneInfo("Asia/Shanghai")
_RETRYABLE = {"20000", "40005"}
_RETRYABLE_SUB = {"ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR", "isp.unknow-error"}


class AlipayGateway:
    def __init__(self, config: AlipayPayConfig, http: httpx.AsyncClient) -> None:
        self.config = config
        self.http = http
        self.private_key = load_private_key(config.app_private_key)
        self.public_key = load_public_key(config.alipay_public_key)

    def signed_params(self, method: str, biz: dict[str, Any], **extra: str) -> dict[str, str]:
        params = {
            "app_id": self.config.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            # Beijing time, whatever the host's zone (ref/alipay.md 6)
            "timestamp": datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
            "version": "1.0",
            "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":")),
            **extra,
        }
        params["sign"] = rsa2_sign(self.private_key, content_to_sign(params, leave_out={"sign"}))
        return params

    async def call(self, method: str, biz: dict[str, Any], **extra: str) -> dict[str, Any]:
        """The business answer; PlatformRejected / PlatformUnavailable when it is not a success."""
        params = self.signed_params(method, biz, **extra)
        try:
            response = await self.http.post(self.config.gateway_url, data=params)
        except httpx.HTTPError as exc:
            raise PlatformUnavailable(f"Alipay unreachable: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise PlatformUnavailable(f"Alipay answered HTTP {response.status_code}")
        answer = self.verified_answer(response.text, method.replace(".", "_") + "_response")
        if answer.get("code") == "10000" and not answer.get("sub_code"):
            return answer
        raise _failure(answer)

    def verified_answer(self, raw: str, key: str) -> dict[str, Any]:
        text, answer = _cut(raw, key)
        if text is None:
            # gateway-level errors come as error_response, signed or not: never a success
            _, error = _cut(raw, "error_response")
            raise _failure(error) if error else PlatformUnavailable("Alipay answered without a response")
        signature = json.loads(raw).get("sign", "")
        if not rsa2_verify(self.public_key, text, signature):
            raise PlatformUnavailable("Alipay answer with a bad signature")
        return answer


def _cut(raw: str, key: str) -> tuple[str | None, dict[str, Any]]:
    start = raw.find(f'"{key}"')
    if start < 0:
        return None, {}
    at = raw.index(":", start + len(key) + 2) + 1
    while raw[at] in " \t\r\n":
        at += 1
    value, end = json.JSONDecoder().raw_decode(raw, at)
    if not isinstance(value, dict):
        return None, {}
    return raw[at:end], value


def _failure(answer: dict[str, Any]) -> Exception:
    code, sub_code = str(answer.get("code", "")), str(answer.get("sub_code", ""))
    if code in _RETRYABLE or sub_code in _RETRYABLE_SUB:
        return PlatformUnavailable(f"{code} {sub_code}")
    return PlatformRejected(sub_code or code, str(answer.get("sub_msg", answer.get("msg", ""))))
