"""Fan-out of small events to every gateway instance through Redis pub/sub.

Used for what each instance must hear about: GraphQL subscription events, and "the catalogue
changed, rebuild your search index". Messages are JSON objects; delivery is at-most-once (an
instance that is down misses them and rebuilds from the database when it starts).

Redis pub/sub ignores database numbers: a message published on database 9 reaches subscribers
on every database of the server. Channel names therefore carry the database number, so that
deployments (or parallel test runs) sharing a server by database number do not hear each other.

All the listeners of one Redis client share one pub/sub connection (:class:`_Hub`): a pub/sub
connection is held for as long as it listens, so one per GraphQL subscription would take the
client's whole connection pool from everything else after a hundred subscribers. A listener that
falls ``QUEUE_SIZE`` messages behind misses the newer ones (delivery is at-most-once anyway).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

PREFIX = "events:"
QUEUE_SIZE = 100
# How long the reader waits for a message before it looks whether anyone still listens.
POLL_SECONDS = 1.0
# How long a follower waits before it listens again after Redis broke the subscription.
RETRY_SECONDS = 1.0

Delivery = tuple[str, bytes] | BaseException


class Broadcaster:
    def __init__(self, redis: aioredis.Redis) -> None:
        self._redis = redis
        self._prefix = f"{PREFIX}{int(redis.connection_pool.connection_kwargs.get('db') or 0)}:"

    def channel(self, name: str) -> str:
        """The Redis channel that carries ``name`` on this client's database."""
        return self._prefix + name

    async def publish(self, channel: str, message: dict[str, Any]) -> int:
        """Returns how many subscribers (on this database) received it."""
        received: int = await self._redis.publish(
            self.channel(channel), json.dumps(message, ensure_ascii=False)
        )
        return received

    def listening(self, channel: str) -> int:
        """How many listeners this process has on ``channel`` (they share one Redis subscription)."""
        return _hub_of(self._redis).listening(self.channel(channel))

    async def listen(self, *channels: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """Yields ``(channel, message)`` until the caller stops iterating."""
        hub = _hub_of(self._redis)
        queue: asyncio.Queue[Delivery] = asyncio.Queue(QUEUE_SIZE)
        names = [self.channel(c) for c in channels]
        await hub.join(names, queue)
        try:
            while True:
                delivery = await queue.get()
                if isinstance(delivery, BaseException):
                    raise delivery
                name, data = delivery
                yield name.removeprefix(self._prefix), json.loads(data)
        finally:
            await hub.leave(names, queue)

    async def follow(self, channel: str, handle: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        """Runs for the life of an instance: hands each message of ``channel`` to ``handle``. When
        Redis goes away it listens again every ``RETRY_SECONDS`` (saying so once, not each time);
        what was published meanwhile is missed, as at-most-once delivery allows."""
        unreachable = False
        while True:
            try:
                async for _, message in self.listen(channel):
                    if unreachable:
                        log.warning("listening to %s again", channel)
                        unreachable = False
                    await handle(message)
            except (RedisError, OSError) as error:
                if not unreachable:
                    log.warning("Redis unreachable, not listening to %s: %s", channel, type(error).__name__)
                unreachable = True
            await asyncio.sleep(RETRY_SECONDS)


_hubs: weakref.WeakKeyDictionary[aioredis.Redis, _Hub] = weakref.WeakKeyDictionary()


def _hub_of(redis: aioredis.Redis) -> _Hub:
    hub = _hubs.get(redis)
    if hub is None:
        hub = _hubs[redis] = _Hub(redis)
    return hub


class _Hub:
    """One pub/sub connection and one reader for every listener of a Redis client."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self._redis = redis
        self._lock = asyncio.Lock()
        self._listeners: dict[str, set[asyncio.Queue[Delivery]]] = {}
        self._pubsub: Any = None
        self._reader: asyncio.Task[None] | None = None

    def listening(self, channel: str) -> int:
        return len(self._listeners.get(channel, ()))

    async def join(self, channels: list[str], queue: asyncio.Queue[Delivery]) -> None:
        async with self._lock:
            if self._pubsub is None:
                self._pubsub = self._redis.pubsub()
            new = [c for c in channels if c not in self._listeners]
            if new:
                await self._pubsub.subscribe(*new)
            for channel in channels:
                self._listeners.setdefault(channel, set()).add(queue)
            if self._reader is None:
                self._reader = asyncio.create_task(self._read(self._pubsub))

    async def leave(self, channels: list[str], queue: asyncio.Queue[Delivery]) -> None:
        async with self._lock:
            gone = []
            for channel in channels:
                listeners = self._listeners.get(channel, set())
                listeners.discard(queue)
                if not listeners:
                    self._listeners.pop(channel, None)
                    gone.append(channel)
            if gone and self._pubsub is not None:
                with contextlib.suppress(Exception):  # the reader reports a broken connection
                    await self._pubsub.unsubscribe(*gone)

    async def _read(self, pubsub: Any) -> None:
        # never cancelled: a Redis read cancelled half-way can leave redis-py waiting forever
        try:
            while await self._still_listened(pubsub):
                raw = await pubsub.get_message(ignore_subscribe_messages=True, timeout=POLL_SECONDS)
                if raw is not None and raw.get("type") == "message":
                    self._deliver(_text(raw["channel"]), raw["data"])
        except Exception as error:  # the connection broke: every listener's subscription ends
            log.warning("pub/sub connection lost: %s", type(error).__name__)
            async with self._lock:
                for queue in {q for listeners in self._listeners.values() for q in listeners}:
                    _fail(queue, error)
                self._listeners.clear()
                self._detach(pubsub)
        await pubsub.aclose()

    async def _still_listened(self, pubsub: Any) -> bool:
        async with self._lock:
            if self._listeners:
                return True
            self._detach(pubsub)
            return False

    def _detach(self, pubsub: Any) -> None:
        if self._pubsub is pubsub:
            self._pubsub, self._reader = None, None

    def _deliver(self, channel: str, data: bytes) -> None:
        for queue in self._listeners.get(channel, ()):
            if not _offer(queue, (channel, data)):
                log.warning("a slow listener missed an event on %s", channel)


def _offer(queue: asyncio.Queue[Delivery], delivery: Delivery) -> bool:
    try:
        queue.put_nowait(delivery)
    except asyncio.QueueFull:
        return False
    return True


def _fail(queue: asyncio.Queue[Delivery], error: BaseException) -> None:
    """Ends a listener's subscription with ``error``, ahead of anything it has not read yet."""
    while not queue.empty():
        queue.get_nowait()
    queue.put_nowait(error)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
