"""Rendered pages of public data (the ``/guide/{code}`` page), kept by each instance while the
tags of the data they show are current: the rules of the response cache's local copies
(:mod:`~luojiang.api.protection.local_cache`), without a shared entry in Redis, since rendering
a page is cheap enough for each instance to do once.

A page is kept with the versions its tags had before its data was read, and only when they had
not moved once it was rendered (a change racing the rendering never leaves a stale copy). A
change through this process retires the copies at once, another instance's within the lag, and
when Redis stops answering they stop being served.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager

import redis.asyncio as aioredis

from luojiang.api.protection.local_cache import LocalResponses, TagMirror
from luojiang.core.cache_tags import local_changes, tag_key


class PageCopies:
    def __init__(self, redis: aioredis.Redis, ttl_seconds: int, max_bytes: int, lag_seconds: float) -> None:
        self._redis = redis
        self._ttl_ms = ttl_seconds * 1000
        self._local = LocalResponses(TagMirror(redis, lag_seconds), max_bytes if ttl_seconds > 0 else 0)

    def following(self) -> AbstractAsyncContextManager[None]:
        """While the block runs, the copies' tag versions are read (the application's lifespan)."""
        if not self._local.enabled:
            return contextlib.nullcontext()
        return self._local.mirror.following(self._local.tags_in_use)

    async def page(self, key: str, tags: Sequence[str], render: Callable[[], Awaitable[bytes]]) -> bytes:
        """The kept copy of ``key``, or ``render()``'s page (kept when its tags held still)."""
        if not self._local.enabled:
            return await render()
        kept = await self._local.get_after_reading(key)
        if kept is not None:
            return kept
        changes, asked_at = local_changes(), self._local.mirror.clock()
        keys = [tag_key(tag) for tag in tags]
        before = await self._redis.mget(keys)
        body = await render()
        if await self._redis.mget(keys) == before:
            versions = ";".join(f"{tag}={int(value or 0)}" for tag, value in zip(tags, before, strict=True))
            self._local.keep(key, body, versions, changes, self._ttl_ms, asked_at)
        return body
