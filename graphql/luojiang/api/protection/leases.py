"""Rate-limit leases: requests this instance has already charged to a shared bucket in Redis and
may let through without asking Redis again.

When a request finds no lease for one of its buckets, the front door asks Redis for up to
``Budget.lease`` requests of that bucket at once (only what the bucket holds is granted, and the
GCRA script charges them atomically, so instances together never spend more than the limit).
The request spends one; the rest are spent here, one per request, for at most ``LEASE_SECONDS``.
Because a leased request was charged at most that long before it is spent, a client can never
exceed its limit by more than one lease, and unspent requests stop counting once the lease ends.
Only one lease per bucket is asked for at a time: concurrent requests that find a lease on its
way ask for a single request each, so a burst never leases more than it spends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from luojiang.api.protection.rate_limit import Budget

LEASE_SECONDS = 1.0
# Buckets of clients that went quiet are forgotten when the table grows past this.
MAX_LEASES = 10_000


@dataclass
class _Lease:
    requests: int
    ends: float


@dataclass(frozen=True)
class Charge:
    """What one request draws: requests spent from leases here, and what Redis must be asked for."""

    spent_here: tuple[str, ...]
    ask: tuple[tuple[Budget, int], ...]  # (bucket, how many to lease)


class Leases:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._leases: dict[str, _Lease] = {}
        self._asking: set[str] = set()

    def draw(self, budgets: list[Budget]) -> Charge:
        now = self._clock()
        spent: list[str] = []
        ask: list[tuple[Budget, int]] = []
        for budget in budgets:
            lease = self._leases.get(budget.key)
            if lease is not None and lease.requests > 0 and lease.ends > now:
                lease.requests -= 1
                spent.append(budget.key)
            elif budget.key in self._asking or budget.lease == 1:
                ask.append((budget, 1))
            else:
                self._asking.add(budget.key)
                ask.append((budget, budget.lease))
        return Charge(tuple(spent), tuple(ask))

    def settle(self, charge: Charge, grants: list[int] | None) -> None:
        """Records what Redis granted (None: the request was refused, so it spends nothing here)."""
        for budget, wanted in charge.ask:
            if wanted > 1:
                self._asking.discard(budget.key)
        if grants is None:
            self._give_back(charge.spent_here)
            return
        now = self._clock()
        for (budget, wanted), granted in zip(charge.ask, grants, strict=True):
            if wanted > 1 and granted > 1:
                self._keep(budget.key, _Lease(granted - 1, now + LEASE_SECONDS))

    def _give_back(self, keys: tuple[str, ...]) -> None:
        for key in keys:
            lease = self._leases.get(key)
            if lease is not None:
                lease.requests += 1

    def _keep(self, key: str, lease: _Lease) -> None:
        if len(self._leases) >= MAX_LEASES:
            now = self._clock()
            self._leases = {k: v for k, v in self._leases.items() if v.ends > now and v.requests > 0}
        self._leases[key] = lease
