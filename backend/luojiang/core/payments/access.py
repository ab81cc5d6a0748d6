"""Who may see and act on which orders: a payer their own (as a person, or for an enterprise
they act for), staff their department's, administrators all.

``Actor`` is what the payments area needs to know about a caller; the GraphQL layer builds it
from the request's viewer, so this file does not depend on how identity is implemented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from luojiang.core.errors import DomainError
from luojiang.core.payments.models import Order, OwnerKind


@dataclass(frozen=True)
class Actor:
    person_id: int | None = None
    enterprise_ids: frozenset[int] = field(default_factory=frozenset)
    staff_department_ids: frozenset[int] = field(default_factory=frozenset)
    is_admin: bool = False
    # the payer's open id on the platform they logged in with (WeChat openid / Alipay open_id)
    openid: str | None = None

    @property
    def label(self) -> str:
        return f"person:{self.person_id}" if self.person_id is not None else "anonymous"

    def owns(self, order: Order) -> bool:
        if order.owner_kind is OwnerKind.PERSON:
            return order.owner_id == self.person_id
        return order.owner_id in self.enterprise_ids

    def administers(self, order: Order) -> bool:
        return self.is_admin or (
            order.department_id is not None and order.department_id in self.staff_department_ids
        )

    def may_see(self, order: Order) -> bool:
        return self.owns(order) or self.administers(order)

    def benefits_from(self, order: Order) -> bool:
        """The money would come back to the caller: they paid it, or it is theirs or their enterprise's."""
        return self.owns(order) or (self.person_id is not None and order.payer_person_id == self.person_id)


def require_four_eyes(actor: Actor, order: Order, requested_by: str = "") -> None:
    """A refund is never granted by whoever gets the money back, nor approved by whoever asked."""
    if actor.benefits_from(order) or requested_by == actor.label:
        raise DomainError.one(
            "CONFLICT_OF_INTEREST",
            "a refund is decided by someone other than its payer or requester",
            "orderId",
        )


def require_person(actor: Actor) -> int:
    if actor.person_id is None:
        raise DomainError.one("UNAUTHENTICATED", "log in to pay")
    return actor.person_id
