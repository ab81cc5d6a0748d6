"""Tianfu Tongban case sync: push each state of a case (contract: CONTRACT.md, "Case sync").

The request's exact bytes are signed (HMAC-SHA256 under the app secret, with a timestamp and a
single-use nonce); the answer is accepted only when its signature verifies under the same secret
and it echoes this request's nonce, case number and version, so a forged answer or one replayed
from another request never marks a case as synced.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from luojiang.adapters.tianfu.sso import body_signature
from luojiang.core.applications.ports import CaseEvent
from luojiang.core.casesync.ports import SyncRefused, SyncUnavailable

SHANGHAI = ZoneInfo("Asia/Shanghai")
SYNC_PATH = "/case/sync"
# our states as the national case-status codes (办件状态, ref/govdomain.md 1.3); CONTRACT: confirm
STATUS_CODES = {
    "submitted": "02",  # 收件
    "accepted": "05",  # 受理
    "supplement_requested": "06",  # 补齐补正
    "in_review": "12",  # 在办
    "approved": "10",  # 办结 (准予)
    "rejected": "10",  # 办结 (不予)
    "returned": "07",  # 不予受理
    "withdrawn": "13",  # 退件
    "completed": "10",
}
RESULTS = {"approved": "1", "completed": "1", "rejected": "2"}
# the platform's answers that retrying cannot change
REFUSALS = frozenset({"CASE_INVALID", "MATTER_UNKNOWN", "DEPT_UNKNOWN"})


def sync_signature(secret: str, app_id: str, timestamp: str, nonce: str, body: bytes) -> str:
    digest = hashlib.sha256(body).hexdigest()
    return hmac.new(
        secret.encode(), f"{app_id}\n{timestamp}\n{nonce}\n{digest}".encode(), hashlib.sha256
    ).hexdigest()


def case_record(event: CaseEvent) -> dict[str, Any]:
    """The case as the platform's ``up_pro_*``-style record: no personal data (CONTRACT item 3)."""
    return {
        "project_no": event.case_number,
        "version": event.version,
        "state": event.state,
        "status_code": STATUS_CODES.get(event.state, "12"),
        "previous_state": event.previous_state,
        "result": RESULTS.get(event.state),
        "event_time": event.occurred_at.astimezone(SHANGHAI).isoformat(timespec="seconds"),
        "task_code": event.matter_code,
        "task_name": event.matter_name,
        "dept_code": event.department_code,
        "apply_channel": event.channel,
        "applicant_type": "2" if event.enterprise_id is not None else "1",
        "handle_explain": event.reason,
        "promise_date": event.deadline.isoformat() if event.deadline else None,
    }


@dataclass
class TianfuCaseSync:
    http: httpx.AsyncClient
    api_base: str
    app_id: str
    secret: str
    clock_ms: Callable[[], int] = field(default=lambda: int(time.time() * 1000))

    async def push(self, event: CaseEvent) -> None:
        nonce, timestamp = secrets.token_hex(16), str(self.clock_ms())
        body = json.dumps(case_record(event), ensure_ascii=False, separators=(",", ":")).encode()
        headers = {
            "content-type": "application/json",
            "x-tftb-app-id": self.app_id,
            "x-tftb-timestamp": timestamp,
            "x-tftb-nonce": nonce,
            "x-tftb-signature": sync_signature(self.secret, self.app_id, timestamp, nonce, body),
        }
        try:
            # the exact bytes signed are the bytes sent
            response = await self.http.post(f"{self.api_base}{SYNC_PATH}", content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise SyncUnavailable("Tianfu Tongban did not answer") from exc
        answer = self._verified(response, nonce)
        self._check(answer, event)

    def _verified(self, response: httpx.Response, nonce: str) -> dict[str, Any]:
        given = response.headers.get("x-tftb-signature", "")
        if not hmac.compare_digest(given, body_signature(self.secret, response.content)):
            raise SyncUnavailable(f"Tianfu Tongban's answer ({response.status_code}) failed verification")
        try:
            answer = json.loads(response.content)
        except ValueError as exc:
            raise SyncUnavailable("Tianfu Tongban answered with no JSON") from exc
        if not isinstance(answer, dict) or answer.get("nonce") != nonce:
            raise SyncUnavailable("Tianfu Tongban's answer belongs to another request")
        return answer

    def _check(self, answer: dict[str, Any], event: CaseEvent) -> None:
        code = str(answer.get("code"))
        if code in REFUSALS:
            raise SyncRefused(f"Tianfu Tongban refused the case: {code}")
        if code != "0":
            raise SyncUnavailable(f"Tianfu Tongban answered {code}")
        data = answer.get("data") or {}
        if (data.get("project_no"), data.get("version")) != (event.case_number, event.version):
            raise SyncUnavailable("Tianfu Tongban acknowledged another case")
