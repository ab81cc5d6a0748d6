"""Every state change of a case reaches Tianfu Tongban (issue 10): signed, in version order, once
per (case number, version) however often it is pushed; an outage delays the sync and loses
nothing; forged or replayed answers, and forged or replayed pushes, are refused."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import httpx
import pytest
from pydantic import SecretStr

from luojiang.adapters.http import platform_client
from luojiang.adapters.simulators.tianfu_cases import TianfuCaseSimulator
from luojiang.adapters.tianfu.cases import TianfuCaseSync, sync_signature
from luojiang.app.outbox_wiring import TIANFU_CASE_SYNC, tianfu_case_sync
from luojiang.core import db
from luojiang.core.applications.ports import CaseEvent
from luojiang.core.casesync.handler import CaseSyncHandler
from luojiang.core.casesync.ports import SyncUnavailable
from luojiang.core.outbox import repository
from luojiang.core.outbox.case_events import OutboxCaseEvents, every_event
from luojiang.core.outbox.delivery import OutboxDelivery
from luojiang.core.outbox.models import OutboxStatus
from luojiang.core.outbox.writer import OutboxWriter
from luojiang.core.settings import Settings
from tests.outbox.support import Clock, RecordingQueue, delivery

pytestmark = pytest.mark.usefixtures("app")
APP_ID, SECRET = "tftb-test", "tftb-test-secret"
BASE = "http://tftb.test"
STATES = [(None, "submitted"), ("submitted", "accepted"), ("accepted", "approved")]


@dataclass
class Network:
    """The simulator behind a link a test can cut (connections refused) or tamper with."""

    simulator: TianfuCaseSimulator
    cut: bool = False
    replay: httpx.Response | None = None  # answer every request with this earlier answer
    seen: list[httpx.Response] = field(default_factory=list)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if self.cut:
            raise httpx.ConnectError("connection refused", request=request)
        if self.replay is not None:
            return httpx.Response(
                self.replay.status_code, headers=self.replay.headers, content=self.replay.content
            )
        response = await httpx.ASGITransport(app=self.simulator.app()).handle_async_request(request)
        await response.aread()
        self.seen.append(response)
        return response


@dataclass
class Line:
    network: Network
    adapter: TianfuCaseSync
    events: OutboxCaseEvents
    outbox: OutboxDelivery
    queue: RecordingQueue
    clock: Clock

    async def change(self, case_number: str, version: int) -> None:
        previous, state = STATES[version - 1]
        async with db.transaction():
            await self.events.record(case_event(case_number, version, state, previous))

    async def deliver_due(self) -> list[str]:
        self.queue.queued.clear()
        await self.outbox.sweep()
        return [await self.outbox.deliver(i) for i in self.queue.message_ids() if i in await self._ids()]

    async def _ids(self) -> set[int]:
        return {m.id for m in await repository.messages_of(TIANFU_CASE_SYNC)}


def case_event(case_number: str, version: int, state: str, previous: str | None) -> CaseEvent:
    return CaseEvent(
        case_number=case_number,
        version=version,
        state=state,
        previous_state=previous,
        occurred_at=datetime(2026, 3, 2, 1, version, tzinfo=UTC),
        applicant_person_id=11,
        enterprise_id=None,
        matter_code="LJ-RSJ-003",
        matter_name="社会保障卡申领",
        department_code="LJ-RSJ",
        channel="tianfu",
        deadline=date(2026, 3, 20),
    )


@pytest.fixture
async def line(settings: Settings) -> AsyncIterator[Line]:
    simulator = TianfuCaseSimulator(app_id=APP_ID, secret=SECRET)
    network = Network(simulator)
    configured = settings.model_copy(
        update={"tftb_case_api_base": BASE, "tftb_app_id": APP_ID, "tftb_app_secret": SecretStr(SECRET)}
    )
    async with platform_client(httpx.MockTransport(network.handle)) as http:
        adapter = tianfu_case_sync(configured, http)
        assert adapter is not None
        queue, clock = RecordingQueue(), Clock()
        events = OutboxCaseEvents(OutboxWriter(queue, clock), {TIANFU_CASE_SYNC: every_event})
        outbox = delivery({TIANFU_CASE_SYNC: CaseSyncHandler(adapter)}, queue, clock)
        yield Line(network, adapter, events, outbox, queue, clock)


def _case() -> str:
    return f"LJ{uuid.uuid4().hex[:10].upper()}"


async def test_every_state_change_reaches_tianfu_once_and_in_order(line: Line) -> None:
    case = _case()
    for version in (1, 2, 3):
        await line.change(case, version)
    delivered = [await line.outbox.deliver(i) for i in line.queue.message_ids()]
    assert delivered == ["delivered"] * 3
    simulator = line.network.simulator
    assert simulator.versions_of(case) == [1, 2, 3]
    record = simulator.cases[(case, 3)]
    assert {k: record[k] for k in ("state", "status_code", "result", "event_time", "promise_date")} == {
        "state": "approved",
        "status_code": "10",
        "result": "1",
        "event_time": "2026-03-02T09:03:00+08:00",
        "promise_date": "2026-03-20",
    }
    # no personal data leaves: the applicant is a kind, not a person
    assert "applicant_person_id" not in record
    assert record["applicant_type"] == "1"

    await line.adapter.push(case_event(case, 2, "accepted", "submitted"))  # a redelivery
    assert simulator.versions_of(case) == [1, 2, 3]
    assert json.loads(line.network.seen[-1].content)["data"]["duplicate"] is True


async def test_a_tianfu_outage_delays_the_sync_and_loses_nothing(line: Line) -> None:
    case = _case()
    line.network.cut = True  # the platform unreachable
    await line.change(case, 1)
    assert [await line.outbox.deliver(i) for i in line.queue.message_ids()] == ["retrying"]
    await line.change(case, 2)
    line.network.cut, line.network.simulator.down = False, True  # reachable, but in maintenance
    line.clock.advance(minutes=2)
    assert await line.deliver_due() == ["retrying", "waiting"]
    assert line.network.simulator.versions_of(case) == []

    line.network.simulator.down = False  # back
    line.clock.advance(hours=2)
    assert await line.deliver_due() == ["delivered", "delivered"]  # version 1 first, then 2
    assert line.network.simulator.versions_of(case) == [1, 2]
    statuses = {m.status for m in await repository.messages_of(TIANFU_CASE_SYNC, case)}
    assert statuses == {OutboxStatus.DELIVERED}


async def test_a_forged_answer_never_marks_a_case_synced(line: Line) -> None:
    line.network.simulator.answer_secret = "not-the-platform"
    await line.change(_case(), 1)
    [message_id] = line.queue.message_ids()
    assert await line.outbox.deliver(message_id) == "retrying"
    message = await repository.message_by_id(message_id)
    assert message is not None
    assert message.status == OutboxStatus.PENDING
    assert "failed verification" in message.last_error


async def test_an_answer_replayed_from_another_push_is_refused(line: Line) -> None:
    first = _case()
    await line.adapter.push(case_event(first, 1, "submitted", None))
    line.network.replay = line.network.seen[-1]  # a genuine, signed answer, for another request
    with pytest.raises(SyncUnavailable, match="another request"):
        await line.adapter.push(case_event(_case(), 1, "submitted", None))


async def test_a_case_the_platform_refuses_is_set_aside_not_retried(line: Line) -> None:
    line.network.simulator.refuse_with = "MATTER_UNKNOWN"
    await line.change(_case(), 1)
    [message_id] = line.queue.message_ids()
    assert await line.outbox.deliver(message_id) == "failed"


async def test_the_simulator_refuses_forged_and_replayed_pushes(line: Line) -> None:
    simulator = line.network.simulator
    body = json.dumps({"project_no": "X", "version": 1}).encode()
    nonce = uuid.uuid4().hex
    good = {
        "x-tftb-app-id": APP_ID,
        "x-tftb-timestamp": str(simulator.clock()),
        "x-tftb-nonce": nonce,
        "x-tftb-signature": sync_signature(SECRET, APP_ID, str(simulator.clock()), nonce, body),
    }
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=simulator.app()), base_url=BASE) as http:
        forged = {
            **good,
            "x-tftb-signature": sync_signature("guess", APP_ID, good["x-tftb-timestamp"], nonce, body),
        }
        assert (await http.post("/case/sync", content=body, headers=forged)).status_code == 401
        tampered = body.replace(b"X", b"Y")
        assert (await http.post("/case/sync", content=tampered, headers=good)).status_code == 401
        assert (await http.post("/case/sync", content=body, headers=good)).status_code == 200
        replayed = await http.post("/case/sync", content=body, headers=good)
    assert replayed.status_code == 401
    assert json.loads(replayed.content)["message"] == "nonce reused"
