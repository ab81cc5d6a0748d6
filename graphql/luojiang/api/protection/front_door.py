"""The front door: one Redis round trip before any GraphQL work.

It charges the request's rate-limit buckets and, when the request may share a cached response,
looks that response up, in one Lua script (the two chunks come from
:mod:`~luojiang.api.protection.rate_limit` and :mod:`~luojiang.api.protection.response_cache`).
One round trip instead of two is what lets a cached public query cost little more than a static
response.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.api.protection import rate_limit, response_cache
from luojiang.api.protection.rate_limit import Budget

# KEYS: the rate-limit buckets, then the cache entry ("" for none); ARGV[#ARGV]: how many buckets.
# Returns {0, now}: go on (now = when the request began, on the Redis clock, in microseconds);
# {1, wait}: refused, retry in ``wait`` microseconds; {2, body}: the cached response.
_SCRIPT = (
    rate_limit.LUA
    + response_cache.LUA
    + """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local buckets = tonumber(ARGV[#ARGV])
local wait = admit(1, buckets, now)
if wait > 0 then return {1, string.format('%.0f', wait)} end
local key = KEYS[buckets + 1]
if key ~= '' then
  local body = lookup(key)
  if body then return {2, body} end
end
return {0, string.format('%.0f', now)}
"""
)


@dataclass(frozen=True)
class Admission:
    wait_us: int = 0
    cached: bytes | None = None
    started_us: int = 0


class FrontDoor:
    def __init__(self, redis: aioredis.Redis) -> None:
        self._script = redis.register_script(_SCRIPT)

    async def admit(self, budgets: list[Budget], cache_key: str) -> Admission:
        limits = [value for budget in budgets for value in budget.args()]
        outcome, value = await self._script(
            keys=[*(b.key for b in budgets), cache_key], args=[*limits, len(budgets)]
        )
        if outcome == 1:
            return Admission(wait_us=int(value))
        if outcome == 2:
            return Admission(cached=bytes(value))
        return Admission(started_us=int(value))
