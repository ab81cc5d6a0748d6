"""Rate-limit leases: requests this instance has already charged to a shared bucket in Redis and
may let through without asking Redis again.

When a request finds no lease for one of its buckets, the front door asks Redis for a few
requests of that bucket at once (only what the bucket holds is granted, and the GCRA script
charges them atomically, so instances together never let more through than the limit allows).
The request spends one; the rest are spent here, one per request, for at most ``LEASE_SECONDS``.

A lease is sized by what this instance saw of the client: the first is one request; a lease spent
before it ended is followed by one twice its size (up to ``Budget.lease``, one second's worth of
the limit, at most 20); a lease that ended unspent is followed by one the size of what was spent.
So a client seen now and then here is charged one request at a time, and a busy one costs Redis
one call per lease. What a client can lose is what its last lease on each instance left unspent,
and that is at most what the instance saw it send in the lease before.

Only one lease per bucket is asked for at a time: concurrent requests that find a lease on its
way ask for a single request each.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from luojiang.api.protection.rate_limit import Budget

LEASE_SECONDS = 1.0


@dataclass
class _Lease:
    size: int  # requests granted; the request that asked spent one of them
    left: int
    ends: float


@dataclass(frozen=True)
class Ask:
    budget: Budget
    wanted: int
    leasing: bool  # this request asks for the bucket's lease (others ask for one request)


@dataclass(frozen=True)
class Charge:
    """What one request draws: requests spent from leases here, and what Redis must be asked for."""

    spent_here: tuple[str, ...]
    ask: tuple[Ask, ...]


class Leases:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._leases: dict[str, _Lease] = {}  # in the order they were granted: the oldest first
        self._asking: set[str] = set()

    def draw(self, budgets: list[Budget]) -> Charge:
        now = self._clock()
        spent: list[str] = []
        ask: list[Ask] = []
        for budget in budgets:
            lease = self._leases.get(budget.key)
            if lease is not None and lease.left > 0 and lease.ends > now:
                lease.left -= 1
                spent.append(budget.key)
            elif budget.key in self._asking or budget.lease == 1:
                ask.append(Ask(budget, 1, leasing=False))
            else:
                self._asking.add(budget.key)
                ask.append(Ask(budget, _next_size(lease, budget.lease, now), leasing=True))
        return Charge(tuple(spent), tuple(ask))

    def settle(self, charge: Charge, grants: list[int] | None) -> None:
        """Records what Redis granted (None: the request was refused, so it spends nothing here)."""
        for asked in charge.ask:
            if asked.leasing:
                self._asking.discard(asked.budget.key)
        if grants is None:
            self._give_back(charge.spent_here)
            return
        now = self._clock()
        for asked, granted in zip(charge.ask, grants, strict=True):
            if asked.leasing:
                self._keep(asked.budget.key, _Lease(granted, granted - 1, now + LEASE_SECONDS), now)

    def _give_back(self, keys: tuple[str, ...]) -> None:
        for key in keys:
            lease = self._leases.get(key)
            if lease is not None:
                lease.left += 1

    def _keep(self, key: str, lease: _Lease, now: float) -> None:
        self._leases.pop(key, None)
        self._leases[key] = lease
        # every lease lasts as long, so the ones ended a while ago are at the front
        while self._leases:
            oldest = next(iter(self._leases))
            if self._leases[oldest].ends > now - LEASE_SECONDS:
                break
            del self._leases[oldest]


def _next_size(previous: _Lease | None, cap: int, now: float) -> int:
    if previous is None or previous.ends <= now - LEASE_SECONDS:
        return 1  # nothing recent is known of this client here
    if previous.left == 0 and previous.ends > now:
        return min(cap, previous.size * 2)  # spent before it ended: the client is busier than that
    return max(1, min(cap, previous.size - previous.left))
