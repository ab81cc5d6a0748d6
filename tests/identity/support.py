"""The identity tests' GraphQL client: bearer tokens, and the SMS login flow."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from luojiang.api.services import Services

SMS_LOGIN = """
mutation($phone: String!, $code: String!) {
  loginWithSms(phone: $phone, code: $code) {
    accessToken refreshToken expiresIn errors { code field message } me { id }
  }
}"""
REQUEST_CODE = "mutation($phone: String!) { requestSmsCode(phone: $phone) { ok errors { code } } }"


@dataclass
class Api:
    http: httpx.AsyncClient
    services: Services

    async def __call__(
        self, query: str, variables: dict[str, object] | None = None, token: str | None = None
    ) -> dict:  # type: ignore[type-arg]
        headers = {"accept": "application/graphql-response+json"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        body: dict = response.json()  # type: ignore[type-arg]
        return body

    def last_code(self, phone: str) -> str:
        sender = self.services.identity.logins.codes.sender  # type: ignore[union-attr]
        return sender.outbox[phone]  # type: ignore[attr-defined, no-any-return]

    async def login(self, phone: str) -> dict:  # type: ignore[type-arg]
        sent = await self(REQUEST_CODE, {"phone": phone})
        assert sent["data"]["requestSmsCode"] == {"ok": True, "errors": []}
        body = await self(SMS_LOGIN, {"phone": phone, "code": self.last_code(phone)})
        assert body.get("data"), body
        payload: dict = body["data"]["loginWithSms"]  # type: ignore[type-arg]
        assert payload["errors"] == []
        return payload
