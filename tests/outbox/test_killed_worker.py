"""A worker killed while delivering an outbox message loses nothing (issue 10, DESIGN 2.8): the
message stays pending under the dead worker's lease, and once the lease runs out the sweep queues
it again and another worker delivers it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from starlette.applications import Starlette

from luojiang.core.outbox import repository
from luojiang.core.outbox.models import OutboxStatus
from luojiang.core.outbox.writer import OutboxWriter
from luojiang.core.settings import Settings
from tests.outbox.support import Clock, Flaky, RecordingQueue, delivery
from tests.support.waiting import until

WORKER = Path(__file__).resolve().parents[1] / "support" / "outbox_worker.py"


async def test_a_message_whose_worker_was_killed_mid_delivery_is_delivered_by_another(
    app: Starlette, settings: Settings, tmp_path: Path
) -> None:
    queue, clock, destination = RecordingQueue(), Clock(), "test.killed-worker"
    await OutboxWriter(jobs=queue, clock=clock).write(
        destination=destination, key="C-7:3", stream="C-7", payload={"case_number": "C-7", "version": 3}
    )
    [message_id] = queue.message_ids()
    marker = tmp_path / "taken"
    doomed = _start_worker(settings, message_id, clock, marker, destination)
    try:
        await until(lambda: asyncio.to_thread(marker.exists))  # it holds the message, mid-delivery
        doomed.kill()  # SIGKILL: no cleanup, nothing marked
        doomed.wait()
    finally:
        doomed.kill()

    held = await repository.message_by_id(message_id)
    assert held is not None
    assert (held.status, held.attempts) == (OutboxStatus.PENDING, 1)
    survivor = Flaky()
    outbox = delivery({destination: survivor}, queue, clock)
    queue.queued.clear()
    await outbox.sweep()
    assert message_id not in queue.message_ids()  # the lease still protects it from a double delivery

    clock.advance(minutes=5, seconds=1)
    await outbox.sweep()
    assert message_id in queue.message_ids()
    assert await outbox.deliver(message_id) == "delivered"
    assert survivor.received == [{"case_number": "C-7", "version": 3}]
    done = await repository.message_by_id(message_id)
    assert done is not None
    assert (done.status, done.attempts) == (OutboxStatus.DELIVERED, 2)


def _start_worker(
    settings: Settings, message_id: int, clock: Clock, marker: Path, destination: str
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ENVIRONMENT": "test", "DATABASE_URL": settings.database_url, "LOG_JSON": "false"}
    env.pop("REDIS_URL", None)
    arguments = [str(message_id), clock.now.isoformat(), str(marker), destination]
    return subprocess.Popen([sys.executable, str(WORKER), *arguments], env=env)  # noqa: S603 -- our own script
