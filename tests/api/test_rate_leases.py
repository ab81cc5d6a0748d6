"""Rate-limit leases: an instance takes a few requests of a large budget from Redis at once and
spends them locally; instances together never let more through than the shared limit."""

from __future__ import annotations

import math
import time

from tests.support.clock import ManualClock
from tests.support.gateway import fresh_ip, instances

from luojiang.api.protection.leases import LEASE_SECONDS, Leases
from luojiang.api.protection.rate_limit import Budget
from luojiang.core.settings import Settings

QUERY = {"query": "{ departments(first: 1) { nodes { code } } }"}


def _ask(leases: Leases, budget: Budget, granted: int | None = None) -> tuple[int, bool]:
    """Draws one request; settles what Redis would grant (all that was asked, by default)."""
    charge = leases.draw([budget])
    if not charge.ask:
        return 0, False
    (asked,) = charge.ask
    leases.settle(charge, [asked.wanted if granted is None else granted])
    return asked.wanted, asked.leasing


def test_a_busy_client_is_leased_more_each_time_up_to_a_second_of_its_limit() -> None:
    leases = Leases(ManualClock())
    budget = Budget("ratelimit:ip:a", 600)  # ten a second
    asked = [_ask(leases, budget)[0] for _ in range(1 + 2 + 4 + 8 + 10 + 10)]
    assert [n for n in asked if n] == [1, 2, 4, 8, 10, 10]


def test_a_client_seen_now_and_then_is_charged_one_request_at_a_time() -> None:
    clock = ManualClock()
    leases = Leases(clock)
    budget = Budget("ratelimit:ip:b", 6000)
    asked = []
    for _ in range(5):
        asked.append(_ask(leases, budget)[0])
        clock.now += 1.5  # seen less than once a lease's lifetime: nothing is charged ahead
    assert asked == [1, 1, 1, 1, 1]


def test_a_steady_client_is_leased_what_it_sends_in_a_lease_lifetime() -> None:
    clock = ManualClock()
    leases = Leases(clock)
    budget = Budget("ratelimit:ip:h", 6000)
    asked = []
    for _ in range(8):
        asked.append(_ask(leases, budget)[0])
        clock.now += 0.7  # about one and a half requests a second: a lease of two, every other one
    assert asked == [1, 2, 0, 2, 0, 2, 0, 2]


def test_a_lease_that_ended_unspent_is_followed_by_one_of_what_was_spent() -> None:
    clock = ManualClock()
    leases = Leases(clock)
    budget = Budget("ratelimit:ip:c", 6000)
    for _ in range(1 + 2 + 4 + 1):
        _ask(leases, budget)  # leases of 1, 2 and 4, each spent before it ended, then one of 8
    assert leases.draw([budget]).spent_here == (budget.key,)  # one more, then the client slows down
    clock.now += 1.0
    assert _ask(leases, budget)[0] == 2  # the eight-lease saw two requests


def test_small_budgets_are_charged_one_request_at_a_time() -> None:
    leases = Leases(ManualClock())
    budget = Budget("ratelimit:user:7", 100)  # under two a second: no lease
    assert [_ask(leases, budget) for _ in range(4)] == [(1, False)] * 4


def test_an_ended_lease_is_not_spent() -> None:
    clock = ManualClock()
    leases = Leases(clock)
    budget = Budget("ratelimit:ip:d", 6000)
    _ask(leases, budget)
    _ask(leases, budget)  # a lease of two: one left
    clock.now += LEASE_SECONDS
    assert leases.draw([budget]).ask != ()


def test_while_a_lease_is_on_its_way_others_ask_for_one_request() -> None:
    leases = Leases(ManualClock())
    budget = Budget("ratelimit:ip:e", 6000)
    _ask(leases, budget)
    asking = leases.draw([budget])
    meanwhile = leases.draw([budget])
    assert [(a.wanted, a.leasing) for a in asking.ask] == [(2, True)]
    assert [(a.wanted, a.leasing) for a in meanwhile.ask] == [(1, False)]
    leases.settle(meanwhile, [1])
    leases.settle(asking, [2])
    assert leases.draw([budget]).spent_here == (budget.key,)


def test_only_what_the_bucket_holds_is_kept() -> None:
    leases = Leases(ManualClock())
    budget = Budget("ratelimit:ip:f", 6000)
    _ask(leases, budget)
    assert _ask(leases, budget, granted=1) == (2, True)  # asked for two, the bucket held one
    assert leases.draw([budget]).ask != ()


def test_a_refused_request_gives_back_what_it_spent_here() -> None:
    leases = Leases(ManualClock())
    per_ip, per_user = Budget("ratelimit:ip:g", 6000), Budget("ratelimit:user:9", 60)
    _ask(leases, per_ip)
    _ask(leases, per_ip)  # a lease of two: one request left here for the address
    refused = leases.draw([per_ip, per_user])
    assert refused.spent_here == (per_ip.key,)
    leases.settle(refused, None)
    assert leases.draw([per_ip]).spent_here == (per_ip.key,)


async def test_instances_together_never_exceed_the_shared_limit(settings: Settings, app: object) -> None:
    # 120 a minute: each instance leases two at a time; a burst of 120 is the most anyone may send
    async with instances(settings, 3, client_ip=fresh_ip(), rate_limit_per_ip_per_minute=120) as gateways:
        began = time.monotonic()
        statuses = [(await gateways[i % 3].post(QUERY)).status_code for i in range(150)]
        refilled = math.ceil((time.monotonic() - began) * 2)  # the bucket earns two a second meanwhile
    admitted = statuses.count(200)
    assert set(statuses) == {200, 429}
    assert admitted <= 120 + refilled
    # what a lease left unspent on each instance when the budget ran out is the most that is lost
    assert admitted >= 120 - 3 * 2
