"""One signed call to the Alipay OpenAPI gateway (``gateway.do``) with a verified response.

Login, payments and QR codes share this client; it raises its own errors (:class:`AlipayGatewayError`)
and each adapter translates them once into its own port's errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from luojiang.adapters.alipay.keys import AlipayKeys
from luojiang.adapters.alipay.signing import (
    beijing_timestamp,
    content_to_sign,
    rsa2_sign,
    rsa2_verify,
    signed_part,
)


class AlipayGatewayError(Exception):
    """The gateway could not give a verified answer."""


class GatewayUnreachable(AlipayGatewayError):
    """No answer, or one without a response object: worth trying again."""


class ForgedResponse(AlipayGatewayError):
    """An answer that failed verification: forged, tampered or signed by another key."""

    def __init__(self, why: str) -> None:
        super().__init__(f"Alipay's answer failed verification ({why}).")


@dataclass
class AlipayGateway:
    http: httpx.AsyncClient
    gateway_url: str
    app_id: str
    keys: AlipayKeys
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def signed_params(
        self, method: str, biz_content: dict[str, Any] | None = None, **extra: str
    ) -> dict[str, str]:
        params = {
            "app_id": self.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": beijing_timestamp(self.clock()),
            "version": "1.0",
            **extra,
        }
        if biz_content is not None:
            params["biz_content"] = json.dumps(biz_content, ensure_ascii=False, separators=(",", ":"))
        if self.keys.certificate_mode:
            params["app_cert_sn"] = self.keys.app_cert_sn or ""
            params["alipay_root_cert_sn"] = self.keys.alipay_root_cert_sn or ""
        params["sign"] = rsa2_sign(self.keys.app_private_key, content_to_sign(params))
        return params

    async def call(
        self, method: str, biz_content: dict[str, Any] | None = None, **extra: str
    ) -> dict[str, Any]:
        """The verified ``*_response`` object (it may carry ``sub_code``: the caller decides)."""
        params = self.signed_params(method, biz_content, **extra)
        try:
            response = await self.http.post(self.gateway_url, data=params)
            raw = response.text
        except httpx.HTTPError as exc:
            raise GatewayUnreachable(f"Alipay {method} did not answer") from exc
        return self.verify(raw, method)

    def verify(self, raw: str, method: str) -> dict[str, Any]:
        part = signed_part(raw, method)
        if part is None:
            raise GatewayUnreachable(f"Alipay {method} answered with no response object")
        payload = part.payload()
        if part.sign is None:
            # Alipay leaves some gateway-level errors unsigned: usable as a refusal, never as a success
            if payload.get("code") not in (None, "10000") and "sub_code" in payload:
                return {**payload, "unsigned": True}
            raise ForgedResponse("no signature")
        if self.keys.certificate_mode and part.cert_sn != self.keys.alipay_cert_sn:
            raise ForgedResponse("unknown Alipay certificate")
        if not rsa2_verify(self.keys.alipay_public_key, part.content, part.sign):
            raise ForgedResponse("bad signature")
        return payload
