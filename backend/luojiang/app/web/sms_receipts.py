"""The route the SMS provider posts delivery reports to: verified (``adapters/sms/receipts.py``),
each nonce taken once (Redis ``SET NX``), then one state change of one message."""

from __future__ import annotations

import time

import redis.asyncio as aioredis
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from luojiang.adapters.sms.receipts import MAX_BODY_BYTES, ReceiptRejected, verify_receipt
from luojiang.core.notifications.models import MessageChannel
from luojiang.core.notifications.service import NotificationService

NONCE_SECONDS = 600  # longer than a report stays fresh: a replay within its freshness is caught


def sms_receipt_routes(service: NotificationService, redis: aioredis.Redis, api_key: str) -> list[Route]:
    async def receipts(request: Request) -> Response:
        body = await _bounded_body(request)
        try:
            receipt = verify_receipt(
                api_key, body, request.headers.get("authorization", ""), int(time.time() * 1000)
            )
        except ReceiptRejected as rejected:
            return JSONResponse(
                {"error": str(rejected)}, status_code=400 if str(rejected) != "bad signature" else 401
            )
        if not await redis.set(f"sms-receipt:{receipt.nonce}", 1, nx=True, ex=NONCE_SECONDS):
            return JSONResponse({"error": "replayed"}, status_code=409)
        changed = await service.report(MessageChannel.SMS, receipt.report)
        return JSONResponse({"ok": True, "changed": changed})

    return [Route("/notifications/sms/receipts", receipts, methods=["POST"])]


async def _bounded_body(request: Request) -> bytes:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            break  # verify_receipt refuses it as oversized, unread beyond the limit
    return body
