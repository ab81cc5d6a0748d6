"""The SMS provider's delivery reports (``POST /notifications/sms/receipts``), verified.

Same contract family as ``gateway.py``: the JSON body ``{"id", "status", "code", "timestamp",
"nonce"}`` (``status`` DELIVERED or UNDELIVERED, ``timestamp`` ms since the epoch) is signed with
``Authorization: HMAC-SHA256 <hex HMAC of the exact body under SMS_API_KEY>``. A report is taken only
when the signature verifies and it is at most five minutes old; its nonce is single use (the route
keeps nonces for ten minutes), so a replayed report is refused.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass

from luojiang.adapters.sms.gateway import body_signature
from luojiang.core.notifications.ports import DeliveryReport

MAX_AGE_MS = 300_000
MAX_BODY_BYTES = 4096


class ReceiptRejected(Exception):
    pass


@dataclass(frozen=True)
class VerifiedReceipt:
    report: DeliveryReport
    nonce: str


def verify_receipt(api_key: str, body: bytes, authorization: str, now_ms: int) -> VerifiedReceipt:
    if len(body) > MAX_BODY_BYTES:
        raise ReceiptRejected("oversized")
    expected = f"HMAC-SHA256 {body_signature(api_key, body)}"
    if not hmac.compare_digest(authorization.encode(), expected.encode()):
        raise ReceiptRejected("bad signature")
    try:
        receipt = json.loads(body)
        timestamp, nonce = int(receipt["timestamp"]), str(receipt["nonce"])
        reference, status = str(receipt["id"]), str(receipt["status"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ReceiptRejected("malformed") from exc
    if abs(now_ms - timestamp) > MAX_AGE_MS:
        raise ReceiptRejected("stale")
    if status not in ("DELIVERED", "UNDELIVERED") or not 16 <= len(nonce) <= 64:
        raise ReceiptRejected("malformed")
    report = DeliveryReport(
        provider_ref=reference, delivered=status == "DELIVERED", code=str(receipt.get("code", ""))
    )
    return VerifiedReceipt(report, nonce)
