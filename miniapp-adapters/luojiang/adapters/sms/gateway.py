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
from luojiang.core.notifications.ports import Outgoing, SendUnavailable

LOGIN_TEMPLATE = "login_code"


def body_signature(key: str, body: bytes) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class HttpSmsSender:
    http: httpx.AsyncClient
    api_base: str
    api_key: str

    async def send_login_code(self, phone: str, code: str) -> None:
        await self._post({"to": phone, "template": LOGIN_TEMPLATE, "params": {"code": code}})

    async def send(self, message: Outgoing) -> str:
        """A notification (``MessageSender``): the provider's message id, for delivery reports."""
        try:
            response = await self._post(
                {"to": message.recipient, "template": message.topic, "params": dict(message.data)}
            )
            return str(response.json()["id"])
        except PlatformUnavailable as exc:
            raise SendUnavailable(str(exc)) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise SendUnavailable("the SMS provider answered with no message id") from exc

    async def _post(self, payload: dict[str, object]) -> httpx.Response:
        body = json.dumps(payload, ensure_ascii=False).encode()
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
        return response
