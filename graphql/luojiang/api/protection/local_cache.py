"""This instance's own copy of shared responses, served without a Redis round trip.

A response is kept here with the tag versions it was built on (as Redis returned them when it
was stored or found there). It is served only while all of these hold:

- ``TagMirror`` (this instance's copy of the versions of the tags its copies use, read from Redis
  every half ``lag`` while copies are asked for, and taken from every reply that carries them)
  shows those versions, and the last reading of each tag was asked for less than ``lag`` ago:
  another instance's change reaches this instance's copies within ``lag``, and if Redis stops
  answering the copies stop being served. A busy event loop makes the readings late: a request
  that finds its copy current but the reading too old waits for a reading asked less than ``lag``
  before it arrived (the one under way, shared by every request that waits, or a new one) rather
  than going to Redis itself, and is served the copy if that reading confirms it: never older than
  ``lag`` at the request's arrival, as on the fast path. So load does not turn into one Redis
  script call per request just when it hurts most;
- no change was made through this process since the request that kept it began
  (:func:`luojiang.core.cache_tags.local_changes`): the instance that made a change serves it at
  once (other instances within ``lag``);
- the shared entry it copies has not expired.

Tag versions only grow (the Redis clock, see :mod:`luojiang.core.cache_tags`), so the mirror keeps
the highest version it has seen of each tag, whatever order the readings arrive in.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from luojiang.core import outage
from luojiang.core.cache_tags import local_changes, tag_key

log = logging.getLogger(__name__)

TagVersions = tuple[tuple[str, int], ...]
# How long a stopping instance lets the last read finish before it gives up on it.
STOP_GRACE_SECONDS = 5.0
# How long a request waits for a reading of the tag versions before it goes to Redis itself.
READING_WAIT_SECONDS = 1.0
# With no copy asked for in this long the mirror stops reading: two mirrors at the default lag
# would otherwise call Redis 80 times a second, for ever, on an idle instance that keeps copies.
# The next request waits for a reading of its own (``wait_for_reading``); the readings go on.
IDLE_SECONDS = 1.0


def parse_versions(stored: str) -> TagVersions:
    """``"catalogue=17;scenic=4"`` (as the Redis scripts write it) → ``(("catalogue", 17), …)``."""
    pairs = (part.split("=", 1) for part in stored.split(";") if part)
    return tuple((tag, int(version)) for tag, version in pairs)


class TagMirror:
    def __init__(
        self,
        redis: aioredis.Redis,
        lag_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        idle_seconds: float = IDLE_SECONDS,
    ):
        if lag_seconds <= 0:
            raise ValueError("the lag must be positive")
        self._redis = redis
        self._lag = lag_seconds
        self.clock = clock
        self._versions: dict[str, int] = {}
        self._read_at: dict[str, float] = {}  # when the latest reading of each tag was asked for
        self._reading: asyncio.Future[None] | None = None
        self._reading_asked_at = float("-inf")
        self._idle = idle_seconds
        self._copy_asked_at = float("-inf")
        self._wake = asyncio.Event()  # a copy asked for, or the following stopped

    def copy_asked(self) -> None:
        """A request looks for a copy: the readings go on, or start again, for ``idle_seconds``."""
        self._copy_asked_at = self.clock()
        self._wake.set()

    def current(self, versions: TagVersions, at: float | None = None) -> bool:
        """True when ``versions`` are, as far as this instance can know within the lag, current
        (now, or at ``at`` on this clock)."""
        oldest = (self.clock() if at is None else at) - self._lag
        return all(
            self._read_at.get(tag, oldest) > oldest and self._versions.get(tag) == version
            for tag, version in versions
        )

    def last_seen(self, versions: TagVersions) -> bool:
        """True when ``versions`` are the last ones seen, however long ago they were read."""
        return all(self._versions.get(tag) == version for tag, version in versions)

    async def wait_for_reading(self, arrived: float, tags_in_use: Callable[[], Iterable[str]]) -> None:
        """Waits for a reading asked less than the lag before ``arrived``: the one under way, or a
        new one. One that fails or takes over ``READING_WAIT_SECONDS`` leaves the copies as they
        were (too old to be served: the request goes to Redis and meets the same trouble)."""
        if self._reading is None or self._reading_asked_at <= arrived - self._lag:
            self._reading_asked_at = self.clock()
            self._reading = asyncio.ensure_future(self.read(tags_in_use()))
            # a reading nobody waits for to the end must not log "exception never retrieved"
            self._reading.add_done_callback(lambda done: done.cancelled() or done.exception())
        with contextlib.suppress(TimeoutError, RedisError, OSError):
            await asyncio.wait_for(asyncio.shield(self._reading), READING_WAIT_SECONDS)

    def observe(self, versions: TagVersions, asked_at: float) -> None:
        """Takes versions that Redis returned to a call made at ``asked_at`` (this clock)."""
        for tag, version in versions:
            if version > self._versions.get(tag, -1):
                self._versions[tag] = version
            if asked_at > self._read_at.get(tag, float("-inf")):
                self._read_at[tag] = asked_at

    async def read(self, tags: Iterable[str]) -> None:
        """Reads the versions of ``tags`` (the ones copies use) and forgets every other tag."""
        wanted = sorted(tags)
        asked_at = self.clock()
        values = await self._redis.mget([tag_key(tag) for tag in wanted]) if wanted else []
        self._versions = {tag: self._versions[tag] for tag in wanted if tag in self._versions}
        self._read_at = {tag: self._read_at[tag] for tag in wanted if tag in self._read_at}
        self.observe(
            tuple((tag, int(value or 0)) for tag, value in zip(wanted, values, strict=True)), asked_at
        )

    @asynccontextmanager
    async def following(self, tags_in_use: Callable[[], Iterable[str]]) -> AsyncIterator[None]:
        """Reads the versions every half lag while the block runs."""
        stop = asyncio.Event()
        task = asyncio.create_task(self._follow(tags_in_use, stop))
        try:
            yield
        finally:
            # the loop ends after its current read: a Redis read cancelled half-way can leave
            # redis-py waiting forever on the connection
            stop.set()
            self._wake.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(task, STOP_GRACE_SECONDS)

    async def _follow(self, tags_in_use: Callable[[], Iterable[str]], stop: asyncio.Event) -> None:
        while not stop.is_set():
            if self.clock() - self._copy_asked_at > self._idle:
                self._wake.clear()
                await self._wake.wait()
                continue
            try:
                await self.read(tags_in_use())
            except (RedisError, OSError) as error:
                # the copies stop being current after the lag (see LocalResponses.last_known)
                outage.REDIS.failed(error, "the cache tag mirror")
            except Exception:
                log.exception("reading the cache tag versions failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._lag / 2)


@dataclass(frozen=True)
class _Kept:
    body: bytes
    versions: TagVersions
    changes: int  # local_changes() when the request that kept it began
    expires: float


class LocalResponses:
    def __init__(self, mirror: TagMirror, max_bytes: int) -> None:
        self.mirror = mirror
        self._max_bytes = max_bytes
        self._bytes = 0
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._tags: Counter[str] = Counter()

    @property
    def enabled(self) -> bool:
        return self._max_bytes > 0

    def tags_in_use(self) -> list[str]:
        return list(self._tags)

    def get(self, key: str) -> bytes | None:
        self.mirror.copy_asked()
        kept = self._live(key)
        if kept is None or not self.mirror.current(kept.versions):
            return None  # the mirror may still catch up (a new tag), or the entry is stale
        self._kept.move_to_end(key)
        return kept.body

    async def get_after_reading(self, key: str) -> bytes | None:
        """:meth:`get`, and when the copy is only waiting for a newer reading, after it."""
        arrived = self.mirror.clock()
        body = self.get(key)
        kept = self._live(key) if body is None else None
        if kept is None or not self.mirror.last_seen(kept.versions):
            return body
        await self.mirror.wait_for_reading(arrived, self.tags_in_use)
        if self._live(key) is not kept or not self.mirror.current(kept.versions, at=arrived):
            return None
        self._kept.move_to_end(key)
        return kept.body

    def _live(self, key: str) -> _Kept | None:
        kept = self._kept.get(key)
        if kept is None:
            return None
        if kept.changes != local_changes() or kept.expires <= time.monotonic():
            self._drop(key)
            return None
        return kept

    def last_known(self, key: str) -> bytes | None:
        """The copy as this instance last knew it, current or not (only while Redis is unreachable:
        no change can be made or announced then either); within its lifetime in Redis."""
        kept = self._kept.get(key)
        if kept is None or kept.changes != local_changes() or kept.expires <= time.monotonic():
            return None
        return kept.body

    def keep(
        self, key: str, body: bytes, stored_versions: str, changes: int, ttl_ms: int, asked_at: float
    ) -> None:
        """Keeps a copy of a shared entry that expires in ``ttl_ms``, as Redis returned it to a call
        made at ``asked_at`` (the mirror's clock)."""
        if len(body) > self._max_bytes // 8:  # a few large bodies must not push out every other copy
            return
        versions = parse_versions(stored_versions)
        self.mirror.observe(versions, asked_at)
        self._drop(key)
        self._kept[key] = _Kept(body, versions, changes, time.monotonic() + ttl_ms / 1000)
        self._bytes += len(body)
        self._tags.update(tag for tag, _ in versions)
        while self._bytes > self._max_bytes:
            self._drop(next(iter(self._kept)))

    def _drop(self, key: str) -> None:
        kept = self._kept.pop(key, None)
        if kept is None:
            return
        self._bytes -= len(kept.body)
        self._tags.subtract(tag for tag, _ in kept.versions)
        for tag, _ in kept.versions:
            if self._tags[tag] <= 0:
                del self._tags[tag]
