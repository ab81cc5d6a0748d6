"""taskiq-redis's stream broker, reclaiming abandoned messages even when the stream is quiet, and
handing back what a stopping worker fetched but never started.

``RedisStreamBroker.listen`` (taskiq-redis 1.2.4) runs ``XAUTOCLAIM`` only after ``XREADGROUP``
returned new messages, so a job whose worker died stays pending until someone enqueues another.
Here every pass of the loop first claims messages idle for longer than ``idle_timeout``.
``XAUTOCLAIM`` is atomic and resets the idle time of what it claims, so two workers never take
the same abandoned message at once.

One read takes up to ``count`` messages, which the receiver takes one at a time as slots free up.
When the worker stops (the receiver closes this generator), the ones it has not taken yet are
pending on this consumer: they are marked idle for ``idle_timeout`` already, so the next pass of
any worker reclaims them at once instead of after ``JOBS_RECLAIM_IDLE_SECONDS``.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from redis.asyncio import Redis
from taskiq import AckableMessage
from taskiq_redis import RedisStreamBroker

Fetched = list[tuple[Any, dict[bytes, bytes]]]


class ReclaimingStreamBroker(RedisStreamBroker):
    async def listen(self) -> AsyncGenerator[AckableMessage, None]:
        async with Redis(connection_pool=self.connection_pool) as redis:
            waiting: Fetched = []
            try:
                while True:
                    for fetch in (self._reclaim, self._read):  # the abandoned first, then the new
                        waiting = await fetch(redis)
                        while waiting:
                            yield self._ackable(*waiting.pop(0))
            finally:
                # empty when a read was cancelled: then no command is sent on its connection
                if waiting:
                    await self._hand_back(redis, [message_id for message_id, _ in waiting])

    async def _reclaim(self, redis: Redis) -> Fetched:
        _next, claimed, *_deleted = await redis.xautoclaim(
            self.queue_name,
            self.consumer_group_name,
            self.consumer_name,
            min_idle_time=self.idle_timeout,
            count=self.unacknowledged_batch_size,
        )
        return list(claimed)

    async def _read(self, redis: Redis) -> Fetched:
        fetched: Any = await redis.xreadgroup(
            self.consumer_group_name,
            self.consumer_name,
            {self.queue_name: ">"},
            block=self.block,
            count=self.count,
        )
        return [message for _stream, messages in fetched or () for message in messages]

    async def _hand_back(self, redis: Redis, message_ids: list[Any]) -> None:
        # JUSTID: the delivery count is not raised, since these were never started
        await redis.xclaim(
            self.queue_name,
            self.consumer_group_name,
            self.consumer_name,
            min_idle_time=0,
            message_ids=message_ids,
            idle=self.idle_timeout,
            justid=True,
        )

    # taskiq-redis's private _ack_generator, used only here (tests/architecture/test_library_internals.py)
    def _ackable(self, message_id: Any, fields: dict[bytes, bytes]) -> AckableMessage:
        return AckableMessage(
            data=fields[b"data"],
            ack=self._ack_generator(id=message_id, queue_name=self.queue_name),
        )
