"""Rate-limit leases: an instance takes a few requests of a large budget from Redis at once and
spends them locally; instances together never let more through than the shared limit."""

from __future__ import annotations

import math
import time
import uuid

from tests.support.gateway import instances

from luojiang.api.protection.leases import LEASE_SECONDS, Leases
from luojiang.api.protection.rate_limit import Budget
from luojiang.core.settings import Settings

QUERY = {"query": "{ departments(first: 1) { nodes { code } } }"}


def _ip() -> str:  # a fresh address per test: the server pass shares one Redis database
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_lease_is_spent_here_then_asked_for_again() -> None:
    leases = Leases(Clock())
    budget = Budget("ratelimit:ip:a", 600)  # ten a second: a lease of ten
    first = leases.draw([budget])
    assert first.ask == ((budget, 10),)
    leases.settle(first, [10])
    spent = [leases.draw([budget]) for _ in range(9)]
    assert all(charge.ask == () and charge.spent_here == (budget.key,) for charge in spent)
    assert leases.draw([budget]).ask == ((budget, 10),)


def test_small_budgets_are_charged_one_request_at_a_time() -> None:
    leases = Leases(Clock())
    budget = Budget("ratelimit:user:7", 100)
    charge = leases.draw([budget])
    assert charge.ask == ((budget, 1),)
    leases.settle(charge, [1])
    assert leases.draw([budget]).ask == ((budget, 1),)


def test_an_ended_lease_is_not_spent() -> None:
    clock = Clock()
    leases = Leases(clock)
    budget = Budget("ratelimit:ip:b", 6000)
    leases.settle(leases.draw([budget]), [20])
    clock.now += LEASE_SECONDS
    assert leases.draw([budget]).ask == ((budget, 20),)


def test_while_a_lease_is_on_its_way_others_ask_for_one_request() -> None:
    leases = Leases(Clock())
    budget = Budget("ratelimit:ip:c", 6000)
    asking = leases.draw([budget])
    meanwhile = leases.draw([budget])
    assert asking.ask == ((budget, 20),)
    assert meanwhile.ask == ((budget, 1),)
    leases.settle(meanwhile, [1])
    leases.settle(asking, [20])
    assert leases.draw([budget]).ask == ()


def test_a_refused_request_gives_back_what_it_spent_here() -> None:
    leases = Leases(Clock())
    per_ip, per_user = Budget("ratelimit:ip:d", 6000), Budget("ratelimit:user:9", 60)
    leases.settle(leases.draw([per_ip]), [2])  # one request left here for the address
    refused = leases.draw([per_ip, per_user])
    assert refused.spent_here == (per_ip.key,)
    leases.settle(refused, None)
    assert leases.draw([per_ip]).spent_here == (per_ip.key,)


async def test_instances_together_never_exceed_the_shared_limit(settings: Settings, app: object) -> None:
    # 120 a minute: each instance leases two at a time; a burst of 120 is the most anyone may send
    async with instances(settings, 3, client_ip=_ip(), rate_limit_per_ip_per_minute=120) as gateways:
        began = time.monotonic()
        statuses = [(await gateways[i % 3].post(QUERY)).status_code for i in range(150)]
        refilled = math.ceil((time.monotonic() - began) * 2)  # the bucket earns two a second meanwhile
    admitted = statuses.count(200)
    assert set(statuses) == {200, 429}
    assert admitted <= 120 + refilled
    # what a lease left unspent on each instance when the budget ran out is the most that is lost
    assert admitted >= 120 - 3 * 2
