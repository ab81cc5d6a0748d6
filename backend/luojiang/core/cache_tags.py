"""Tags that name the public data behind cached GraphQL responses, and their invalidation.

Each tag (``"catalogue"``, ``"scenic"``, …) has a version in Redis: the Redis clock, in
microseconds, of the last change to the data it names. A cached response records the versions of
its tags when it was stored and is served only while they are unchanged, so one
:func:`invalidate` call retires every response built on that data, on every gateway instance,
whatever their number: no list of keys is kept, and stale entries simply expire.

Domain services call ``await invalidate(redis, "catalogue")`` after they change catalogue data
(after the transaction commits: a response built in between would be kept otherwise).

Gateway instances also keep copies of responses in memory and read the tag versions from Redis
every few milliseconds (``luojiang.api.protection.local_cache``). So that a change is seen at once
through the instance that made it, :func:`invalidate` also counts the changes made in this
process: a copy kept before the count moved is not served.
"""

from __future__ import annotations

import re

import redis.asyncio as aioredis

PREFIX = "cache:tag:"
TAG_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$")

# max(now, previous + 1): versions only grow, even if two bumps land in the same microsecond
_BUMP = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i = 1, #KEYS do
  local previous = tonumber(redis.call('GET', KEYS[i]) or '0')
  redis.call('SET', KEYS[i], string.format('%.0f', math.max(now, previous + 1)))
end
return 1
"""


_local_changes = 0


def local_changes() -> int:
    """How many invalidations this process has made; copies kept before the last one are stale."""
    return _local_changes


def tag_key(tag: str) -> str:
    if not TAG_NAME.match(tag):
        raise ValueError(f"cache tag {tag!r} is not a plain name (letters, digits, _.:-)")
    return PREFIX + tag


async def invalidate(redis: aioredis.Redis, *tags: str) -> None:
    """Retire every cached response that read data under any of ``tags``."""
    global _local_changes  # one count per process, shared by its gateways on purpose
    if tags:
        keys = [tag_key(tag) for tag in tags]
        try:
            await redis.eval(_BUMP, len(keys), *keys)
        finally:
            # counted even when Redis failed: the local copies must not outlive a change that may have landed
            _local_changes += 1
