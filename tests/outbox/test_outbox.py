"""The outbox keeps a message exactly when the transaction that wrote it commits, queues its
delivery only after the commit, and delivers it at least once: retried with backoff, in order
within its stream, refused messages set aside, nothing lost."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from luojiang.core import db
from luojiang.core.outbox import repository
from luojiang.core.outbox.models import OutboxMessage, OutboxStatus
from luojiang.core.outbox.ports import Undeliverable
from luojiang.core.outbox.writer import DELIVER_JOB, OutboxWriter
from tests.outbox.support import Clock, Flaky, RecordingQueue, delivery

pytestmark = pytest.mark.usefixtures("app")


def _destination() -> str:
    return f"test.{uuid.uuid4().hex[:12]}"


async def _write_one(writer: OutboxWriter, destination: str, payload: dict[str, int] | None = None) -> None:
    await writer.write(destination=destination, key="k", stream="s", payload=payload or {})


async def _write_then_fail(writer: OutboxWriter, destination: str, key: str) -> None:
    async with db.transaction():
        await writer.write(destination=destination, key=key, stream="s", payload={})
        raise RuntimeError("the case change failed")


async def test_a_message_is_queued_only_once_its_transaction_commits() -> None:
    queue, clock, destination = RecordingQueue(), Clock(), _destination()
    writer = OutboxWriter(jobs=queue, clock=clock)
    async with db.transaction():
        assert await writer.write(destination=destination, key="C-1:1", stream="C-1", payload={"v": 1})
        assert queue.queued == []  # not before the commit: a worker would not see the row yet
    [message] = await repository.messages_of(destination)
    assert queue.queued == [(DELIVER_JOB, {"message_id": message.id})]
    assert (message.status, message.payload, message.attempts) == (OutboxStatus.PENDING, {"v": 1}, 0)


async def test_a_rolled_back_transaction_keeps_and_queues_nothing() -> None:
    queue, destination = RecordingQueue(), _destination()
    writer = OutboxWriter(jobs=queue, clock=Clock())
    with pytest.raises(RuntimeError):
        await _write_then_fail(writer, destination, "C-1:1")
    assert await repository.messages_of(destination) == []
    assert queue.queued == []


async def test_a_nested_unit_that_rolls_back_drops_only_its_own_message() -> None:
    queue, destination = RecordingQueue(), _destination()
    writer = OutboxWriter(jobs=queue, clock=Clock())
    async with db.transaction():
        await writer.write(destination=destination, key="kept", stream="s", payload={})
        with pytest.raises(RuntimeError):
            await _write_then_fail(writer, destination, "dropped")
    [kept] = await repository.messages_of(destination)
    assert kept.key == "kept"
    assert queue.message_ids() == [kept.id]


async def test_the_same_key_written_twice_is_one_message() -> None:
    queue, destination = RecordingQueue(), _destination()
    writer = OutboxWriter(jobs=queue, clock=Clock())
    for _ in range(2):
        async with db.transaction():
            await writer.write(destination=destination, key="C-1:1", stream="C-1", payload={})
    assert len(await repository.messages_of(destination)) == 1
    assert len(queue.queued) == 1


async def test_a_failed_delivery_is_retried_with_backoff_until_the_receiver_answers() -> None:
    queue, clock, destination = RecordingQueue(), Clock(), _destination()
    flaky = Flaky(failures=2)
    outbox = delivery({destination: flaky}, queue, clock)
    await _write_one(OutboxWriter(jobs=queue, clock=clock), destination, {"n": 1})
    [message_id] = queue.message_ids()

    assert await outbox.deliver(message_id) == "retrying"
    first = await repository.message_by_id(message_id)
    assert first is not None
    assert timedelta(seconds=15) <= first.next_attempt_at - clock.now <= timedelta(seconds=30)
    assert first.last_error == "ConnectionError: platform down"
    assert await outbox.deliver(message_id) == "skipped"  # not due yet: a second queueing is harmless
    queue.queued.clear()
    await outbox.sweep()
    assert message_id not in queue.message_ids()

    clock.advance(seconds=31)
    await outbox.sweep()
    assert message_id in queue.message_ids()
    assert await outbox.deliver(message_id) == "retrying"
    second = await repository.message_by_id(message_id)
    assert second is not None
    assert timedelta(seconds=30) <= second.next_attempt_at - clock.now <= timedelta(seconds=60)  # doubled

    clock.advance(seconds=61)
    assert await outbox.deliver(message_id) == "delivered"
    assert flaky.received == [{"n": 1}]
    done = await repository.message_by_id(message_id)
    assert done is not None
    assert (done.status, done.attempts, done.last_error) == (OutboxStatus.DELIVERED, 3, "")
    assert await outbox.deliver(message_id) == "skipped"  # delivered once, however often queued
    assert flaky.calls == 3


async def test_a_message_refused_for_good_is_set_aside_not_retried() -> None:
    queue, clock, destination = RecordingQueue(), Clock(), _destination()

    async def refuses(_: object, /) -> None:
        raise Undeliverable("unknown licence type")

    outbox = delivery({destination: refuses}, queue, clock)
    await _write_one(OutboxWriter(jobs=queue, clock=clock), destination)
    [message_id] = queue.message_ids()
    assert await outbox.deliver(message_id) == "failed"
    clock.advance(days=3)
    queue.queued.clear()
    await outbox.sweep()
    assert message_id not in queue.message_ids()
    row = await repository.message_by_id(message_id)
    assert row is not None
    assert (row.status, row.last_error) == (OutboxStatus.FAILED, "refused: unknown licence type")


async def test_delivery_gives_up_after_the_last_attempt() -> None:
    queue, clock, destination = RecordingQueue(), Clock(), _destination()
    outbox = delivery({destination: Flaky(failures=99)}, queue, clock)
    await _write_one(OutboxWriter(jobs=queue, clock=clock), destination)
    [message_id] = queue.message_ids()
    outcomes = []
    for _ in range(5):
        outcomes.append(await outbox.deliver(message_id))
        clock.advance(hours=2)
    assert outcomes == ["retrying"] * 4 + ["failed"]
    row = await repository.message_by_id(message_id)
    assert row is not None
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 5)


async def test_messages_of_one_stream_reach_their_destination_in_order() -> None:
    queue, clock, destination = RecordingQueue(), Clock(), _destination()
    flaky = Flaky()
    outbox = delivery({destination: flaky}, queue, clock)
    writer = OutboxWriter(jobs=queue, clock=clock)
    for version in (1, 2):
        await writer.write(
            destination=destination, key=f"C-9:{version}", stream="C-9", payload={"version": version}
        )
    first, second = queue.message_ids()
    queue.queued.clear()

    assert await outbox.deliver(second) == "waiting"  # version 1 is still pending
    assert flaky.received == []
    assert await outbox.deliver(first) == "delivered"
    assert queue.message_ids() == [second]  # the next one of the stream is queued at once
    assert await outbox.deliver(second) == "skipped"  # postponed a moment: the sweep or the kick above
    clock.advance(seconds=31)
    assert await outbox.deliver(second) == "delivered"
    assert flaky.received == [{"version": 1}, {"version": 2}]


async def test_a_destination_this_process_does_not_know_is_retried_not_lost() -> None:
    queue, clock, destination = RecordingQueue(), Clock(), _destination()
    outbox = delivery({}, queue, clock)
    await _write_one(OutboxWriter(jobs=queue, clock=clock), destination)
    [message_id] = queue.message_ids()
    assert await outbox.deliver(message_id) == "retrying"
    assert await OutboxMessage.filter(id=message_id, status=OutboxStatus.PENDING).exists()


@pytest.mark.parametrize("error", [ValueError, Undeliverable])
async def test_a_receivers_error_is_kept_with_its_personal_data_masked(error: type[Exception]) -> None:
    queue, clock, destination = RecordingQueue(), Clock(), _destination()

    async def quotes_what_it_was_sent(_: object, /) -> None:
        raise error("holder 510603199001011234 (13812345678) unknown")

    outbox = delivery({destination: quotes_what_it_was_sent}, queue, clock)
    await _write_one(OutboxWriter(jobs=queue, clock=clock), destination)
    [message_id] = queue.message_ids()
    await outbox.deliver(message_id)
    row = await repository.message_by_id(message_id)
    assert row is not None
    assert row.last_error.endswith(": holder [id-number] ([phone]) unknown")
