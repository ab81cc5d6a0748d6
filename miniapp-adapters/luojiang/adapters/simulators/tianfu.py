"""A Tianfu Tongban SSO simulator speaking the contract of ``adapters/tianfu/CONTRACT.md``.

Development runs it beside the gateway (``uvicorn --factory luojiang.adapters.simulators.tianfu:demo``
and ``TFTB_API_BASE=http://127.0.0.1:8100``); tests serve it through httpx's ASGI transport.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from luojiang.adapters.tianfu.sso import body_signature, request_signature

TICKET_LIFETIME_MS = 300_000
MAX_SKEW_MS = 300_000


@dataclass
class TianfuSimulator:
    app_id: str
    secret: str
    now_ms: int | None = None
    tickets: dict[str, tuple[dict[str, Any], int]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    nonces: set[str] = field(default_factory=set)
    # tests set this to answer with another key, as a forger would
    answer_secret: str | None = None

    def clock(self) -> int:
        return self.now_ms if self.now_ms is not None else int(time.time() * 1000)

    def issue_ticket(self, user: dict[str, Any]) -> str:
        ticket = "ST-" + secrets.token_urlsafe(16)
        self.tickets[ticket] = (user, self.clock())
        return ticket

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/sso/ticket/validate", self._validate, methods=["POST"])])

    async def _validate(self, request: Request) -> Response:
        body = await request.json()
        return self._answer(self._check(body))

    def _check(self, body: dict[str, Any]) -> dict[str, Any]:
        expected = request_signature(
            self.secret,
            self.app_id,
            str(body.get("ticket")),
            str(body.get("timestamp")),
            str(body.get("nonce")),
        )
        fresh = abs(self.clock() - int(body.get("timestamp") or 0)) <= MAX_SKEW_MS
        if (
            body.get("app_id") != self.app_id
            or not hmac.compare_digest(expected, str(body.get("sign")))
            or not fresh
        ):
            return {"code": "SIGN_INVALID", "message": "signature check failed"}
        if body["nonce"] in self.nonces:
            return {"code": "SIGN_INVALID", "message": "nonce reused"}
        self.nonces.add(body["nonce"])
        ticket = str(body["ticket"])
        if ticket in self.used or ticket not in self.tickets:
            return {"code": "TICKET_INVALID", "message": "unknown or used ticket"}
        user, issued = self.tickets[ticket]
        self.used.add(ticket)
        if self.clock() - issued > TICKET_LIFETIME_MS:
            return {"code": "TICKET_EXPIRED", "message": "ticket expired"}
        return {"code": "0", "message": "ok", "data": user}

    def _answer(self, payload: dict[str, Any]) -> Response:
        raw = json.dumps(payload, ensure_ascii=False).encode()
        signature = body_signature(self.answer_secret or self.secret, raw)
        return Response(raw, media_type="application/json", headers={"x-tftb-signature": signature})


def demo() -> Starlette:
    """A development simulator with one verified demo citizen; its ticket is printed nowhere: ask
    ``GET /demo-ticket`` (development only, never deployed)."""
    simulator = TianfuSimulator(app_id="tftb-dev", secret="tftb-dev-secret")  # noqa: S106 -- a local simulator
    app = simulator.app()

    async def demo_ticket(_: Request) -> Response:
        user = {"user_id": "tftb-demo-1", "user_type": "1", "auth_level": 1, "mobile": "13800000000"}
        return Response(simulator.issue_ticket(user), media_type="text/plain")

    app.add_route("/demo-ticket", demo_ticket)
    return app
