"""A fake SMS provider speaking ``adapters/sms/gateway.py``'s contract: it checks the HMAC over the
exact body it received and keeps the messages it accepted."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class FakeSms:
    api_key: str
    delivered: list[dict[str, object]] = field(default_factory=list)
    down: bool = False

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v1/messages", self._send, methods=["POST"])])

    async def _send(self, request: Request) -> JSONResponse:
        if self.down:
            return JSONResponse({"error": "unavailable"}, status_code=503)
        body = await request.body()
        expected = "HMAC-SHA256 " + hmac.new(self.api_key.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(request.headers.get("authorization", ""), expected):
            return JSONResponse({"error": "bad signature"}, status_code=401)
        self.delivered.append(json.loads(body))
        # a provider's message id is unique across all its messages
        return JSONResponse({"id": f"sms-{uuid.uuid4().hex}"}, status_code=202)
