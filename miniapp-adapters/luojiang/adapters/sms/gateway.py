"""An SMS provider over HTTP: one signed JSON request per message.

The district's SMS contract is not chosen yet; this is the shape most provider gateways and
in-house SMS relays take, kept deliberately small so the real provider's mapping replaces
``_request`` only: ``POST {SMS_API_BASE}/v1/messages`` with ``{"to", "template", "params"}`` and
``Authorization: HMAC-SHA256 <hex HMAC of the body under SMS_API_KEY>``; 2xx is accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

import httpx

from luojiang.core.identity.ports import PlatformUnavailable

LOGIN_TEMPLATE = "login_code"


def body_signature(key: str, body: bytes) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class HttpSmsSender:
    http: httpx.AsyncClient
    api_base: str
    api_key: str

    async def send_login_code(self, phone: str, code: str) -> None:
        body = json.dumps({"to": phone, "template": LOGIN_TEMPLATE, "params": {"code": code}}).encode()
        headers = {
            "content-type": "application/json",
            "authorization": f"HMAC-SHA256 {body_signature(self.api_key, body)}",
        }
        try:
            # the exact bytes signed are the bytes sent
            response = await self.http.post(f"{self.api_base}/v1/messages", content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise PlatformUnavailable("the SMS provider did not answer") from exc
        if not response.is_success:
            raise PlatformUnavailable(f"the SMS provider answered {response.status_code}")
