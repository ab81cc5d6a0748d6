"""A shared cache of whole responses to public queries, invalidated by tag.

Key: the document's sha256, the operation name, the variables, the channel and the locale (and
the schema, so a deploy never serves the previous schema's shape). Value: the encoded response
bytes and the versions of the tags (:mod:`luojiang.core.cache_tags`) its resolvers added to
``context.cache_tags``. A response is stored only when the operation is a query, the request had
no viewer, it produced tags, and it has no errors. The lookup runs in the front door, before the
document is loaded, parsed or validated; the entry is served only while all its tag versions are
current. A tag bumped after the request began (the resolvers may have read the old data) prevents
storing, so an invalidation racing an execution never leaves a stale entry behind.

Each instance also keeps the responses it stores or finds in memory
(:mod:`~luojiang.api.protection.local_cache`) and serves them without a round trip while their
tag versions are current.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

import orjson
import redis.asyncio as aioredis
from strawberry.extensions import SchemaExtension

from luojiang.api.context import Context
from luojiang.api.protection.local_cache import LocalResponses, TagMirror
from luojiang.core.cache_tags import PREFIX as TAG_PREFIX
from luojiang.core.cache_tags import tag_key

PREFIX = "cache:response:"

# ``lookup(key)`` returns the body, its tag versions and its remaining lifetime in milliseconds, or
# false when there is none or one of its tags moved on.
LUA = f"""
local function lookup(key)
  local entry = redis.call('HMGET', key, 'body', 'tags')
  if not entry[1] then return false end
  for tag, version in string.gmatch(entry[2], '([^=;]+)=(%d+)') do
    if (redis.call('GET', '{TAG_PREFIX}' .. tag) or '0') ~= version then return false end
  end
  return entry[1], entry[2], redis.call('PTTL', key)
end
"""

# KEYS[1] the entry, KEYS[2..] the tag versions; ARGV: body, ttl, when the request began, tag names.
# Returns the tag versions stored with the body ("tag=version;..."), or 0 when it was not stored.
_STORE = """
local started, parts = tonumber(ARGV[3]), {}
for i = 2, #KEYS do
  local version = redis.call('GET', KEYS[i]) or '0'
  if tonumber(version) >= started then return 0 end
  parts[#parts + 1] = ARGV[i + 2] .. '=' .. version
end
redis.call('HSET', KEYS[1], 'body', ARGV[1], 'tags', table.concat(parts, ';'))
redis.call('EXPIRE', KEYS[1], ARGV[2])
return table.concat(parts, ';')
"""


@dataclass(frozen=True)
class Found:
    """A shared entry as the front door's lookup returns it."""

    body: bytes
    versions: str  # "tag=version;..."
    ttl_ms: int


class ResponseCache:
    def __init__(
        self,
        redis: aioredis.Redis,
        ttl_seconds: int,
        schema_sdl: str,
        local_bytes: int = 0,
        local_lag_seconds: float = 0.05,
    ) -> None:
        self.ttl = ttl_seconds
        self.schema_id = hashlib.sha256(schema_sdl.encode()).hexdigest()[:16]
        self._store = redis.register_script(_STORE)
        self._local = LocalResponses(TagMirror(redis, local_lag_seconds), local_bytes)

    def following(self) -> AbstractAsyncContextManager[None]:
        """While the block runs, this instance serves its own copies (the tag versions are read)."""
        if not self._local.enabled:
            return contextlib.nullcontext()
        return self._local.mirror.following(self._local.tags_in_use)

    def key(
        self, document_hash: str, operation_name: str | None, variables: dict[str, Any], context: Context
    ) -> str:
        """The entry for this request, or "" when its response must not be shared."""
        if context.viewer is not None:
            return ""
        return self.public_key(document_hash, operation_name, variables, context.channel, context.locale)

    def public_key(
        self,
        document_hash: str,
        operation_name: str | None,
        variables: dict[str, Any],
        channel: str,
        locale: str,
    ) -> str:
        """The entry for a request without a viewer, or "" when the cache is off."""
        if self.ttl <= 0:
            return ""
        parts = [self.schema_id, document_hash, operation_name, variables, channel, locale]
        digest = hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).hexdigest()
        return PREFIX + digest

    async def kept(self, key: str) -> bytes | None:
        """This instance's own current copy of the entry, if it has one."""
        return await self._local.get_after_reading(key) if key and self._local.enabled else None

    def last_known(self, key: str) -> bytes | None:
        """While Redis is unreachable: this instance's copy of the entry, as it last knew it."""
        return self._local.last_known(key) if key else None

    def clock(self) -> float:
        """The clock the local copies are timed by: read it just before asking Redis."""
        return self._local.mirror.clock()

    def found(self, key: str, found: Found, changes: int, asked_at: float) -> None:
        """Keeps a copy of an entry found in Redis by a call made at ``asked_at``
        (``changes``: see :func:`luojiang.core.cache_tags.local_changes`)."""
        self._local.keep(key, found.body, found.versions, changes, found.ttl_ms, asked_at)

    async def store(
        self, key: str, body: bytes, context: Context, *, started_us: int, changes: int, failed: bool
    ) -> bool:
        """Keeps ``body`` if it may be shared; True when it was stored."""
        if failed or not _shareable(context):
            return False
        tags = sorted(context.cache_tags)
        asked_at = self.clock()
        stored = await self._store(keys=[key, *map(tag_key, tags)], args=[body, self.ttl, started_us, *tags])
        if not stored:
            return False
        self._local.keep(key, body, stored.decode(), changes, self.ttl * 1000, asked_at)
        return True


def _shareable(context: Context) -> bool:
    return context.operation_type == "query" and bool(context.cache_tags) and context.viewer is None


class RecordOperationType(SchemaExtension):
    """Tells the view what kind of operation ran: only queries are shared."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context):  # None when a test or a benchmark executes the schema directly
            context.operation_type = self.execution_context.operation_type.value
        yield
