"""The SMS provider's delivery reports: a signed, fresh report marks a sent message delivered (or
failed) once; forged, tampered, stale, replayed and oversized reports are refused and change nothing."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from luojiang.adapters.sms.gateway import body_signature
from luojiang.app.web.sms_receipts import sms_receipt_routes
from luojiang.core.notifications.models import DeliveryState, Message
from tests.notifications.test_messages import Desk, _event, _person, _send_all, desk

__all__ = ["desk"]
KEY = "sms-key"


@pytest.fixture
async def provider(desk: Desk, app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    routes = sms_receipt_routes(desk.service, app.state.services.redis, KEY)
    transport = httpx.ASGITransport(app=Starlette(routes=routes))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as http:
        yield http


async def _sent_message(desk: Desk) -> Message:
    person = await _person(desk)
    await desk.service.on_case_event(_event(person, channel="app"))
    await _send_all(desk)
    [message] = await Message.filter(person_id=person.id)
    assert message.state == DeliveryState.SENT
    return message


def _receipt(reference: str, status: str = "DELIVERED", **changes: object) -> bytes:
    fields = {
        "id": reference,
        "status": status,
        "code": "",
        "timestamp": int(time.time() * 1000),
        "nonce": uuid.uuid4().hex,
    }
    return json.dumps({**fields, **changes}).encode()


async def _post(http: httpx.AsyncClient, body: bytes, key: str = KEY) -> httpx.Response:
    headers = {
        "authorization": f"HMAC-SHA256 {body_signature(key, body)}",
        "content-type": "application/json",
    }
    return await http.post("/notifications/sms/receipts", content=body, headers=headers)


async def test_a_signed_report_marks_the_message_delivered_and_its_replay_is_refused(
    desk: Desk, provider: httpx.AsyncClient
) -> None:
    message = await _sent_message(desk)
    assert message.provider_ref is not None
    body = _receipt(message.provider_ref)
    answer = await _post(provider, body)
    assert (answer.status_code, answer.json()) == (200, {"ok": True, "changed": True})
    await message.refresh_from_db()
    assert message.state == DeliveryState.DELIVERED
    replayed = await _post(provider, body)
    assert replayed.status_code == 409


async def test_forged_tampered_stale_and_oversized_reports_change_nothing(
    desk: Desk, provider: httpx.AsyncClient
) -> None:
    message = await _sent_message(desk)
    assert message.provider_ref is not None
    failed = _receipt(message.provider_ref, "UNDELIVERED", code="UNDELIV")
    assert (await _post(provider, failed, key="guessed")).status_code == 401
    headers = {"authorization": f"HMAC-SHA256 {body_signature(KEY, failed)}"}
    tampered = failed.replace(b"UNDELIVERED", b"DELIVERED__")
    assert (
        await provider.post("/notifications/sms/receipts", content=tampered, headers=headers)
    ).status_code == 401
    stale = _receipt(message.provider_ref, timestamp=int(time.time() * 1000) - 600_000)
    assert (await _post(provider, stale)).status_code == 400
    oversized = _receipt(message.provider_ref, code="x" * 10_000)
    assert (await _post(provider, oversized)).status_code == 400
    await message.refresh_from_db()
    assert message.state == DeliveryState.SENT

    answer = await _post(provider, failed)
    assert answer.json() == {"ok": True, "changed": True}
    await message.refresh_from_db()
    assert (message.state, message.failure_code) == (DeliveryState.FAILED, "UNDELIV")


@pytest.mark.parametrize(
    "raw",
    [  # JSON text as a provider could sign it (Python's json reads Infinity, NaN and 1e400 as floats)
        {"timestamp": "Infinity"},
        {"timestamp": "-Infinity"},
        {"timestamp": "NaN"},
        {"timestamp": "1e400"},
        {"timestamp": "1.5e12"},
        {"timestamp": "true"},
        {"timestamp": '"1700000000000"'},
        {"id": '"70\\u00000001"'},
        {"status": '"UNDELIVERED"', "code": '"X\\u0000"'},
        {"nonce": '"\\u0000' + "a" * 31 + '"'},
        {"id": '["7000001"]'},
        {"code": "{}"},
        {"id": json.dumps("9" * 65)},  # longer than any reference kept
        {"status": '"DELIVERED\\u0000"'},
    ],
)
async def test_impossible_values_in_a_signed_report_are_a_400(
    desk: Desk, provider: httpx.AsyncClient, raw: dict[str, str]
) -> None:
    message = await _sent_message(desk)
    fields = json.loads(_receipt(message.provider_ref or ""))
    text = {name: json.dumps(value) for name, value in fields.items()} | raw
    body = ("{" + ", ".join(f'"{name}": {value}' for name, value in text.items()) + "}").encode()
    answer = await _post(provider, body)
    assert answer.status_code == 400, answer.text
    assert (await _post(provider, b'["id", "status"]')).status_code == 400
    await message.refresh_from_db()
    assert message.state == DeliveryState.SENT
