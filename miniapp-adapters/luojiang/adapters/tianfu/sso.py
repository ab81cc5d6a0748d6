"""Tianfu Tongban SSO: exchange the H5 container's ticket for the user (contract: CONTRACT.md)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

import httpx

from luojiang.core.identity.errors import IdentityErrorCode
from luojiang.core.identity.ports import LoginRejected, PlatformUnavailable, TianfuEnterprise, TianfuUser
from luojiang.core.identity.principal import Assurance

_LEVELS = {1: Assurance.NONE, 2: Assurance.L2, 3: Assurance.L2}
LEGAL_PERSON = "2"
_REJECTIONS = {
    "TICKET_INVALID": (IdentityErrorCode.INVALID_CODE, "The Tianfu Tongban ticket is invalid or was used."),
    "TICKET_EXPIRED": (IdentityErrorCode.CODE_EXPIRED, "The Tianfu Tongban ticket has expired."),
}


def request_signature(secret: str, app_id: str, ticket: str, timestamp: str, nonce: str) -> str:
    return hmac.new(
        secret.encode(), f"{app_id}\n{ticket}\n{timestamp}\n{nonce}".encode(), hashlib.sha256
    ).hexdigest()


def body_signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class TianfuTicketExchange:
    http: httpx.AsyncClient
    api_base: str
    app_id: str
    secret: str

    async def exchange(self, ticket: str) -> TianfuUser:
        timestamp, nonce = str(int(time.time() * 1000)), secrets.token_hex(16)
        body = {
            "app_id": self.app_id,
            "ticket": ticket,
            "timestamp": timestamp,
            "nonce": nonce,
            "sign": request_signature(self.secret, self.app_id, ticket, timestamp, nonce),
        }
        try:
            response = await self.http.post(f"{self.api_base}/sso/ticket/validate", json=body)
        except httpx.HTTPError as exc:
            raise PlatformUnavailable("Tianfu Tongban did not answer") from exc
        given = response.headers.get("x-tftb-signature", "")
        if not hmac.compare_digest(given, body_signature(self.secret, response.content)):
            raise LoginRejected(
                IdentityErrorCode.SIGNATURE_INVALID, "Tianfu Tongban's answer failed verification."
            )
        return self._user(json.loads(response.content))

    def _user(self, answer: dict[str, Any]) -> TianfuUser:
        code = str(answer.get("code"))
        if code in _REJECTIONS:
            ours, message = _REJECTIONS[code]
            raise LoginRejected(ours, message)
        if code != "0":
            raise PlatformUnavailable(f"Tianfu Tongban answered {code}")
        data = answer["data"]
        return TianfuUser(
            user_id=str(data["user_id"]),
            assurance=_LEVELS.get(int(data.get("auth_level") or 1), Assurance.NONE),
            name=data.get("name") or None,
            id_number=data.get("id_number") or None,
            phone=data.get("mobile") or None,
            enterprise=_enterprise(data),
        )


def _enterprise(data: dict[str, Any]) -> TianfuEnterprise | None:
    """A legal-person ticket names the enterprise; without its credit code it is a person's login."""
    if str(data.get("user_type")) != LEGAL_PERSON or not data.get("credit_code"):
        return None
    return TianfuEnterprise(credit_code=str(data["credit_code"]), name=str(data.get("corp_name") or ""))
