"""This instance's own copy of shared responses, served without a Redis round trip.

A response is kept here with the tag versions it was built on (as Redis returned them when it
was stored or found there). It is served only while all of these hold:

- ``TagMirror`` (this instance's copy of the tag versions, read from Redis every half
  ``lag``) still shows those versions, and its last successful read began less than ``lag`` ago:
  another instance's change reaches this instance's copies within ``lag``, and if Redis stops
  answering the copies stop being served;
- no change was made through this instance since the request that kept it began
  (:func:`luojiang.core.cache_tags.local_changes`): a client sees its own edits at once;
- it is younger than the shared cache's time to live.

Tag versions only grow (the Redis clock, see :mod:`luojiang.core.cache_tags`), so the mirror keeps
the highest version it has seen of each tag, whatever order the readings arrive in.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from luojiang.core.cache_tags import local_changes, tag_key

log = logging.getLogger(__name__)

TagVersions = tuple[tuple[str, int], ...]


def parse_versions(stored: str) -> TagVersions:
    """``"catalogue=17;scenic=4"`` (as the Redis scripts write it) → ``(("catalogue", 17), …)``."""
    pairs = (part.split("=", 1) for part in stored.split(";") if part)
    return tuple((tag, int(version)) for tag, version in pairs)


class TagMirror:
    def __init__(
        self, redis: aioredis.Redis, lag_seconds: float, clock: Callable[[], float] = time.monotonic
    ):
        self._redis = redis
        self._lag = lag_seconds
        self._clock = clock
        self._versions: dict[str, int] = {}
        self._read_at = float("-inf")  # when the last successful read began

    def current(self, versions: TagVersions) -> bool:
        """True when ``versions`` are, as far as this instance can know within the lag, current."""
        if self._clock() - self._read_at >= self._lag:
            return False
        return all(self._versions.get(tag) == version for tag, version in versions)

    def observe(self, versions: TagVersions) -> None:
        for tag, version in versions:
            if version > self._versions.get(tag, -1):
                self._versions[tag] = version

    async def read(self) -> None:
        tags = list(self._versions)
        began = self._clock()
        if tags:
            values = await self._redis.mget([tag_key(tag) for tag in tags])
            self.observe(tuple((tag, int(value or 0)) for tag, value in zip(tags, values, strict=True)))
        self._read_at = began

    @asynccontextmanager
    async def following(self) -> AsyncIterator[None]:
        """Reads the versions every half lag while the block runs."""
        task = asyncio.create_task(self._follow())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _follow(self) -> None:
        while True:
            try:
                await self.read()
            except (RedisError, OSError) as error:
                # the copies stop being served after ``lag``: requests go to Redis and see it fail
                log.warning("cache tag versions unreadable: %s", type(error).__name__)
            await asyncio.sleep(self._lag / 2)


@dataclass(frozen=True)
class _Kept:
    body: bytes
    versions: TagVersions
    changes: int  # local_changes() when the request that kept it began
    expires: float


class LocalResponses:
    def __init__(self, mirror: TagMirror, capacity: int, ttl_seconds: float) -> None:
        self.mirror = mirror
        self._capacity = capacity
        self._ttl = ttl_seconds
        self._kept: OrderedDict[str, _Kept] = OrderedDict()

    def get(self, key: str) -> bytes | None:
        kept = self._kept.get(key)
        if kept is None:
            return None
        if kept.changes != local_changes() or kept.expires <= time.monotonic():
            del self._kept[key]
            return None
        if not self.mirror.current(kept.versions):
            return None  # the mirror may still catch up (a new tag), or the entry is stale
        self._kept.move_to_end(key)
        return kept.body

    def keep(self, key: str, body: bytes, stored_versions: str, changes: int) -> None:
        if self._capacity <= 0:
            return
        versions = parse_versions(stored_versions)
        self.mirror.observe(versions)
        self._kept[key] = _Kept(body, versions, changes, time.monotonic() + self._ttl)
        self._kept.move_to_end(key)
        while len(self._kept) > self._capacity:
            self._kept.popitem(last=False)
