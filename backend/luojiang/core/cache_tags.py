"""Tags that name the public data behind cached GraphQL responses, and their invalidation.

Each tag (``"catalogue"``, ``"scenic"``, …) has a version in Redis: the Redis clock, in
microseconds, of the last change to the data it names. A cached response records the versions of
its tags when it was stored and is served only while they are unchanged, so one
:func:`invalidate` call retires every response built on that data, on every gateway instance,
whatever their number: no list of keys is kept, and stale entries simply expire.

Domain services call ``await invalidate(redis, "catalogue")`` after they change catalogue data
(after the transaction commits: a response built in between would be kept otherwise).
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


def tag_key(tag: str) -> str:
    if not TAG_NAME.match(tag):
        raise ValueError(f"cache tag {tag!r} is not a plain name (letters, digits, _.:-)")
    return PREFIX + tag


async def invalidate(redis: aioredis.Redis, *tags: str) -> None:
    """Retire every cached response that read data under any of ``tags``."""
    if tags:
        await redis.eval(_BUMP, len(tags), *(tag_key(tag) for tag in tags))
