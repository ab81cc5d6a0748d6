"""taskiq-redis's stream broker, reclaiming abandoned messages even when the stream is quiet.

``RedisStreamBroker.listen`` (taskiq-redis 1.2.4) runs ``XAUTOCLAIM`` only after ``XREADGROUP``
returned new messages, so a job whose worker died stays pending until someone enqueues another.
Here every pass of the loop first claims messages idle for longer than ``idle_timeout``.
``XAUTOCLAIM`` is atomic and resets the idle time of what it claims, so two workers never take
the same abandoned message at once.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from redis.asyncio import Redis
from taskiq import AckableMessage
from taskiq_redis import RedisStreamBroker


class ReclaimingStreamBroker(RedisStreamBroker):
    async def listen(self) -> AsyncGenerator[AckableMessage, None]:
        async with Redis(connection_pool=self.connection_pool) as redis:
            while True:
                for message_id, fields in await self._reclaim(redis):
                    yield self._ackable(message_id, fields)
                fetched: Any = await redis.xreadgroup(
                    self.consumer_group_name,
                    self.consumer_name,
                    {self.queue_name: ">"},
                    block=self.block,
                    count=self.count,
                )
                for _stream, messages in fetched or ():
                    for message_id, fields in messages:
                        yield self._ackable(message_id, fields)

    async def _reclaim(self, redis: Redis) -> list[tuple[Any, dict[bytes, bytes]]]:
        _next, claimed, *_deleted = await redis.xautoclaim(
            self.queue_name,
            self.consumer_group_name,
            self.consumer_name,
            min_idle_time=self.idle_timeout,
            count=self.unacknowledged_batch_size,
        )
        return list(claimed)

    def _ackable(self, message_id: Any, fields: dict[bytes, bytes]) -> AckableMessage:
        return AckableMessage(
            data=fields[b"data"],
            ack=self._ack_generator(id=message_id, queue_name=self.queue_name),
        )
