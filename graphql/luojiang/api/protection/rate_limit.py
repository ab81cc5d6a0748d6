"""Per-IP and per-user request rate limits, shared by every gateway instance through Redis.

The algorithm is GCRA (a token bucket kept as one timestamp per key): a limit of N requests per
minute lets a client spend N at once and then one every 60/N seconds. Both keys of a request are
checked and charged in one Lua script, so concurrent requests on several instances cannot
overspend, and a refused request charges nothing. The script runs inside the front door
(:mod:`luojiang.api.protection.front_door`), in the same round trip as the response cache lookup.
An instance may take a few requests' worth at once and spend them locally
(:mod:`luojiang.api.protection.leases`): large budgets cost Redis one call per lease, not one per
request, and small ones (under 120 a minute) are still charged one request at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from luojiang.api.transport.params import RequestRejected
from luojiang.core.settings import Settings

PREFIX = "ratelimit:"
WINDOW_US = 60_000_000

# ``admit(first, count, now)`` checks KEYS[first .. first+count-1] against ARGV[3i+1] (the interval
# between requests, in microseconds), ARGV[3i+2] (the burst, in microseconds) and ARGV[3i+3] (how
# many requests the caller wants to lease). It returns (0, grants): each key charged for
# min(wanted, what its bucket holds) requests; or (wait, nil): the microseconds until every key
# holds one request, and nothing charged.
LUA = """
local function admit(first, count, now)
  local wait, base, grants = 0, {}, {}
  for i = 0, count - 1 do
    local interval, burst = tonumber(ARGV[3 * i + 1]), tonumber(ARGV[3 * i + 2])
    local tat = math.max(tonumber(redis.call('GET', KEYS[first + i]) or '0'), now)
    local available = math.floor((now + burst - tat) / interval)
    if available < 1 then wait = math.max(wait, tat + interval - burst - now) end
    base[i], grants[i] = tat, math.min(tonumber(ARGV[3 * i + 3]), available)
  end
  if wait > 0 then return wait, nil end
  for i = 0, count - 1 do
    local interval = tonumber(ARGV[3 * i + 1])
    local tat = base[i] + grants[i] * interval
    local ttl_ms = math.max(1, math.ceil((tat - now) / 1000))
    redis.call('SET', KEYS[first + i], string.format('%.0f', tat), 'PX', ttl_ms)
  end
  return 0, grants
end
"""
# A lease never holds more than this many requests, nor more than one second of the budget.
LEASE_CAP = 20


@dataclass(frozen=True)
class Budget:
    key: str
    per_minute: int

    def args(self, wanted: int) -> tuple[int, int, int]:
        interval = max(1, WINDOW_US // self.per_minute)
        return interval, interval * self.per_minute, wanted

    @property
    def lease(self) -> int:
        """How many requests an instance takes from Redis at once (see :mod:`.leases`)."""
        return max(1, min(LEASE_CAP, self.per_minute // 60))


def viewer_key(viewer: object | None) -> str | None:
    """The identity a signed-in request is limited under (identity's ``Principal.person_id``)."""
    person = getattr(viewer, "person_id", None) if viewer is not None else None
    return None if person is None else str(person)


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self.per_ip = settings.rate_limit_per_ip_per_minute
        self.per_user = settings.rate_limit_per_user_per_minute

    def budgets(self, client_ip: str, viewer: object | None) -> list[Budget]:
        """The buckets this request draws from; a limit of 0 turns that bucket off."""
        budgets = [Budget(f"{PREFIX}ip:{client_ip}", self.per_ip)] if self.per_ip > 0 else []
        user = viewer_key(viewer)
        if user is not None and self.per_user > 0:
            budgets.append(Budget(f"{PREFIX}user:{user}", self.per_user))
        return budgets


def rate_limited(wait_us: int) -> RequestRejected:
    seconds = max(1, math.ceil(wait_us / 1_000_000))
    return RequestRejected(
        429, "RATE_LIMITED", f"Too many requests: retry in {seconds} s.", {"Retry-After": str(seconds)}
    )
