"""The order state machine: the only place that says which transitions exist.

Every change of ``Order.state`` goes through :func:`check_transition` (in the service) and is
applied by a guarded UPDATE that names the state it expects, so a transition that another
request made first is seen, never overwritten.
"""

from __future__ import annotations

from luojiang.core.errors import DomainError
from luojiang.core.payments.models import OrderState

S = OrderState

TRANSITIONS: dict[OrderState, frozenset[OrderState]] = {
    S.CREATED: frozenset({S.PAYING, S.CLOSED, S.EXPIRED}),
    # a new attempt while paying keeps the order paying (paying -> paying is allowed)
    S.PAYING: frozenset({S.PAYING, S.PAID, S.CLOSED, S.EXPIRED}),
    S.PAID: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    # a refund reserves its amount before the platform is asked; one the platform refuses gives
    # the amount back, so the order steps back to what its succeeded refunds say
    S.PARTIALLY_REFUNDED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED, S.PAID}),
    S.REFUNDED: frozenset({S.PARTIALLY_REFUNDED, S.PAID}),
    S.CLOSED: frozenset(),
    S.EXPIRED: frozenset(),
}

PAYABLE = frozenset({S.CREATED, S.PAYING})
REFUNDABLE = frozenset({S.PAID, S.PARTIALLY_REFUNDED})


class IllegalTransition(DomainError):
    def __init__(self, current: OrderState, target: OrderState) -> None:
        super().__init__(
            *DomainError.one(
                "ILLEGAL_TRANSITION", f"an order that is {current.value} cannot become {target.value}"
            ).problems
        )
        self.current = current
        self.target = target


def check_transition(current: OrderState, target: OrderState) -> None:
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current, target)


def state_after_refund(amount_fen: int, refunded_fen: int) -> OrderState:
    """The state an order's refunded (or reserved) amount puts it in."""
    if refunded_fen == 0:
        return S.PAID
    return S.REFUNDED if refunded_fen == amount_fen else S.PARTIALLY_REFUNDED
