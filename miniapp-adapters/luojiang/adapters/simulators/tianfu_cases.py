"""A Tianfu Tongban case-sync simulator speaking ``adapters/tianfu/CONTRACT.md`` ("Case sync"), beside the
SSO simulator (``tianfu.py``).

It checks each push's signature, timestamp and single-use nonce, keeps every ``(project_no,
version)`` once (a repeated push is acknowledged as a duplicate and changes nothing), and signs its
answers. ``down`` makes it answer 503 ``SYSTEM_BUSY``, as the platform does during maintenance.
Development runs it with ``uvicorn --factory luojiang.adapters.simulators.tianfu_cases:demo`` and
``TFTB_CASE_API_BASE=http://127.0.0.1:8101``; tests serve it through httpx's ASGI transport.
"""

from __future__ import annotations

import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from luojiang.adapters.tianfu.cases import REFUSALS, SYNC_PATH, sync_signature
from luojiang.adapters.tianfu.sso import body_signature

MAX_SKEW_MS = 300_000
MAX_BODY_BYTES = 64_000
REQUIRED = ("project_no", "version", "state", "status_code", "event_time", "task_code", "dept_code")


@dataclass
class TianfuCaseSimulator:
    app_id: str
    secret: str
    now_ms: int | None = None
    down: bool = False
    # (project_no, version) → the record as first received
    cases: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    nonces: set[str] = field(default_factory=set)
    pushes: int = 0
    # tests set these to misbehave: answer with another key, or refuse every case with this code
    answer_secret: str | None = None
    refuse_with: str | None = None

    def clock(self) -> int:
        return self.now_ms if self.now_ms is not None else int(time.time() * 1000)

    def app(self) -> Starlette:
        return Starlette(routes=[Route(SYNC_PATH, self._sync, methods=["POST"])])

    def versions_of(self, project_no: str) -> list[int]:
        return sorted(version for number, version in self.cases if number == project_no)

    async def _sync(self, request: Request) -> Response:
        self.pushes += 1
        nonce = request.headers.get("x-tftb-nonce", "")
        if self.down:
            return self._answer({"code": "SYSTEM_BUSY", "message": "maintenance", "nonce": nonce}, 503)
        body = await request.body()
        problem = self._authentic(request, body, nonce)
        if problem:
            return self._answer({"code": "SIGN_INVALID", "message": problem, "nonce": nonce}, 401)
        self.nonces.add(nonce)
        return self._answer({**self._record(body), "nonce": nonce})

    def _authentic(self, request: Request, body: bytes, nonce: str) -> str | None:
        headers = request.headers
        timestamp = headers.get("x-tftb-timestamp", "")
        expected = sync_signature(self.secret, self.app_id, timestamp, nonce, body)
        if headers.get("x-tftb-app-id") != self.app_id or len(body) > MAX_BODY_BYTES:
            return "unknown app or oversized body"
        if not hmac.compare_digest(expected, headers.get("x-tftb-signature", "")):
            return "signature check failed"
        if not timestamp.isdigit() or abs(self.clock() - int(timestamp)) > MAX_SKEW_MS:
            return "timestamp out of range"
        if len(nonce) < 16 or nonce in self.nonces:
            return "nonce reused"
        return None

    def _record(self, body: bytes) -> dict[str, Any]:
        record = json.loads(body)
        if self.refuse_with in REFUSALS or any(record.get(name) in (None, "") for name in REQUIRED):
            return {"code": self.refuse_with or "CASE_INVALID", "message": "invalid case"}
        key = (str(record["project_no"]), int(record["version"]))
        duplicate = key in self.cases
        self.cases.setdefault(key, record)
        data = {"project_no": key[0], "version": key[1], "duplicate": duplicate}
        return {"code": "0", "message": "ok", "data": data}

    def _answer(self, payload: dict[str, Any], status: int = 200) -> Response:
        raw = json.dumps(payload, ensure_ascii=False).encode()
        signature = body_signature(self.answer_secret or self.secret, raw)
        return Response(raw, status, media_type="application/json", headers={"x-tftb-signature": signature})


def demo() -> Starlette:
    """The development simulator, with the SSO simulator's app id and secret."""
    simulator = TianfuCaseSimulator(app_id="tftb-dev", secret="tftb-dev-secret")  # noqa: S106 -- a local simulator
    app = simulator.app()

    async def synced(_: Request) -> Response:
        cases = [{"project_no": number, "version": version} for number, version in sorted(simulator.cases)]
        return Response(json.dumps(cases), media_type="application/json")

    app.add_route("/demo-cases", synced)
    return app
