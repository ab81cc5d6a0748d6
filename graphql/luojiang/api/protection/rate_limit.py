"""Per-IP and per-user request rate limits, shared by every gateway instance through Redis.

The algorithm is GCRA (a token bucket kept as one timestamp per key): a limit of N requests per
minute lets a client spend N at once and then one every 60/N seconds. Both keys of a request are
checked and charged in one Lua script, so concurrent requests on several instances cannot
overspend, and a refused request charges nothing. The script runs inside the front door
(:mod:`luojiang.api.protection.front_door`), in the same round trip as the response cache lookup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from luojiang.api.transport.params import RequestRejected
from luojiang.core.settings import Settings

PREFIX = "ratelimit:"
WINDOW_US = 60_000_000

# ``admit(first, count, now)`` checks KEYS[first .. first+count-1] against ARGV[2i-1] (the interval
# between requests) and ARGV[2i] (the burst), in microseconds. It returns 0 and charges every key,
# or the microseconds to wait and charges none.
LUA = """
local function admit(first, count, now)
  local wait, tats = 0, {}
  for i = 0, count - 1 do
    local interval, burst = tonumber(ARGV[2 * i + 1]), tonumber(ARGV[2 * i + 2])
    local tat = math.max(tonumber(redis.call('GET', KEYS[first + i]) or '0'), now) + interval
    wait = math.max(wait, tat - burst - now)
    tats[i] = tat
  end
  if wait > 0 then return wait end
  for i = 0, count - 1 do
    local ttl_ms = math.max(1, math.ceil((tats[i] - now) / 1000))
    redis.call('SET', KEYS[first + i], string.format('%.0f', tats[i]), 'PX', ttl_ms)
  end
  return 0
end
"""


@dataclass(frozen=True)
class Budget:
    key: str
    per_minute: int

    def args(self) -> tuple[int, int]:
        interval = max(1, WINDOW_US // self.per_minute)
        return interval, interval * self.per_minute


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
