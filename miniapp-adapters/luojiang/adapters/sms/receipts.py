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
from typing import Any

from luojiang.adapters.sms.gateway import body_signature
from luojiang.core.notifications.ports import DeliveryReport

MAX_AGE_MS = 300_000
MAX_BODY_BYTES = 4096
MAX_FIELD_CHARS = 64  # the longest reference a message keeps


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
    receipt = _json_object(body)
    timestamp = receipt.get("timestamp")
    if type(timestamp) is not int:  # not a float (1e400 is infinity), not a bool
        raise ReceiptRejected("malformed")
    if abs(now_ms - timestamp) > MAX_AGE_MS:
        raise ReceiptRejected("stale")
    reference, status, nonce = _text(receipt, "id"), _text(receipt, "status"), _text(receipt, "nonce")
    code = _text(receipt, "code", default="")
    if status not in ("DELIVERED", "UNDELIVERED") or not 16 <= len(nonce) <= 64:
        raise ReceiptRejected("malformed")
    report = DeliveryReport(provider_ref=reference, delivered=status == "DELIVERED", code=code)
    return VerifiedReceipt(report, nonce)


def _json_object(body: bytes) -> dict[str, Any]:
    try:  # NaN and Infinity are not JSON, whatever Python's json accepts
        receipt = json.loads(body, parse_constant=_not_json)
    except (ValueError, RecursionError) as exc:
        raise ReceiptRejected("malformed") from exc
    if not isinstance(receipt, dict):
        raise ReceiptRejected("malformed")
    return receipt


def _text(receipt: dict[str, Any], name: str, default: str | None = None) -> str:
    """A string field as the provider documents it: printable, at most MAX_FIELD_CHARS (a NUL
    would reach the database, which stores none)."""
    value = receipt.get(name, default)
    if not isinstance(value, str) or len(value) > MAX_FIELD_CHARS or not value.isprintable():
        raise ReceiptRejected("malformed")
    return value


def _not_json(constant: str) -> None:
    raise ValueError(constant)
