"""The front door: one Redis round trip before any GraphQL work.

It charges the request's rate-limit buckets and, when the request may share a cached response,
looks that response up, in one Lua script (the two chunks come from
:mod:`~luojiang.api.protection.rate_limit` and :mod:`~luojiang.api.protection.response_cache`).
One round trip instead of two is what lets a cached public query cost little more than a static
response.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.api.protection import rate_limit, response_cache
from luojiang.api.protection.rate_limit import Budget
from luojiang.api.protection.response_cache import Found

# KEYS: the rate-limit buckets, then the cache entry ("" for none); ARGV: (interval, burst, wanted)
# per bucket, then how many buckets. Returns {1, wait}: refused, retry in ``wait`` microseconds;
# else {0, now, '', 0, grants...}: go on (now = when the request began, on the Redis clock, in
# microseconds), or {2, body, tags, ttl, grants...}: the cached response, its tag versions and the
# milliseconds it has left.
_SCRIPT = (
    rate_limit.LUA
    + response_cache.LUA
    + """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local buckets = tonumber(ARGV[#ARGV])
local wait, grants = admit(1, buckets, now)
if wait > 0 then return {1, string.format('%.0f', wait)} end
local reply = {0, string.format('%.0f', now), '', 0}
local key = KEYS[buckets + 1]
if key ~= '' then
  local body, tags, ttl = lookup(key)
  if body then reply = {2, body, tags, ttl} end
end
for i = 0, buckets - 1 do reply[#reply + 1] = grants[i] end
return reply
"""
)


@dataclass(frozen=True)
class Admission:
    wait_us: int = 0
    cached: Found | None = None
    started_us: int = 0
    grants: list[int] | None = None  # per bucket asked for; None when refused


class FrontDoor:
    def __init__(self, redis: aioredis.Redis) -> None:
        self._script = redis.register_script(_SCRIPT)

    async def admit(self, ask: Sequence[tuple[Budget, int]], cache_key: str) -> Admission:
        """Charges each bucket for up to ``wanted`` requests and looks ``cache_key`` up."""
        limits = [value for budget, wanted in ask for value in budget.args(wanted)]
        outcome, value, *rest = await self._script(
            keys=[*(budget.key for budget, _ in ask), cache_key], args=[*limits, len(ask)]
        )
        if outcome == 1:
            return Admission(wait_us=int(value))
        tags, ttl_ms, *grants = rest
        if outcome == 2:
            return Admission(cached=Found(bytes(value), tags.decode(), ttl_ms), grants=grants)
        return Admission(started_us=int(value), grants=grants)
