"""A payer asks for the money of their own paid order back; staff of the order's department (or an
administrator) approve or decline. Approval makes the refund through the refund path
(:class:`RefundService`, idempotent by a client key derived from the application), so the
platform refunds once however often approval is pressed.

A district finance desk approves for several departments by holding a staff role (e.g.
``finance``) in each: ``luojiang grant staff PHONE DEPARTMENT finance``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from luojiang.core.errors import DomainError, NotFound
from luojiang.core.pagination import Page, PageRequest
from luojiang.core.payments import repository as repo
from luojiang.core.payments.access import Actor, require_four_eyes
from luojiang.core.payments.models import ApplicationState, OrderState, RefundApplication
from luojiang.core.payments.refunds import RefundService

MAX_TEXT = 80


class RefundApplications:
    def __init__(self, refunds: RefundService) -> None:
        self.refunds = refunds

    async def apply(self, actor: Actor, order_id: int, reason: str) -> RefundApplication:
        """Idempotent: while one is open, asking again answers it."""
        order = await repo.order_by_id(order_id)
        if order is None or not actor.owns(order):
            raise NotFound("order", field="orderId")
        text = _text(reason, "reason", required=True)
        open_one = await repo.pending_application(order.id)
        if open_one is not None:
            return open_one
        if order.state is not OrderState.PAID or order.refunded_fen:
            raise DomainError.one("NOT_REFUNDABLE", "only a paid order not yet refunded can be", "orderId")
        try:
            return await repo.insert_application(
                order_id=order.id, requested_by=actor.label, reason=text, pending_order_id=order.id
            )
        except IntegrityError:
            raced = await repo.pending_application(order.id)
            if raced is None:
                raise
            return raced

    async def decide(self, actor: Actor, application_id: int, approve: bool, note: str) -> RefundApplication:
        """Approving claims the application, then refunds what is left of the order; a refund
        the rules refuse puts it back to pending. Deciding again the same way changes nothing."""
        application = await repo.application_by_id(application_id)
        order = await repo.order_by_id(application.order_id) if application else None
        if application is None or order is None or not actor.administers(order):
            raise NotFound("refund application", field="application")
        require_four_eyes(actor, order, application.requested_by)
        target = ApplicationState.APPROVED if approve else ApplicationState.DECLINED
        decided = {
            "decided_by": actor.label,
            "decided_at": datetime.now(UTC),
            "decision_note": _text(note, "note", required=not approve),
        }
        if not await repo.decide_application(application.id, ApplicationState.PENDING, target, **decided):
            return await _decided_before(application.id, target)
        if approve:
            try:
                refund = await self.refunds.refund(
                    actor,
                    order.id,
                    order.amount_fen - order.refunded_fen,
                    f"application:{application.id}",
                    application.reason,
                )
            except DomainError:
                reopened = {"decided_by": "", "decided_at": None, "decision_note": "", "order_id": order.id}
                await repo.decide_application(application.id, target, ApplicationState.PENDING, **reopened)
                raise
            await repo.decide_application(application.id, target, target, refund_id=refund.id)
        return await _reloaded(application.id)

    async def pending(self, actor: Actor, page: PageRequest) -> Page[RefundApplication]:
        if not (actor.is_admin or actor.staff_department_ids):
            raise DomainError.one("FORBIDDEN", "only staff see refund applications")
        return await repo.pending_application_page(
            page, sorted(actor.staff_department_ids), everything=actor.is_admin
        )


async def _decided_before(application_id: int, target: ApplicationState) -> RefundApplication:
    application = await _reloaded(application_id)
    if application.state is not target:
        raise DomainError.one("ALREADY_DECIDED", f"this application was {application.state.value}")
    return application


async def _reloaded(application_id: int) -> RefundApplication:
    application = await repo.application_by_id(application_id)
    if application is None:
        raise NotFound("refund application", field="application")
    return application


def _text(value: str, field: str, required: bool) -> str:
    text = value.strip()
    if len(text) > MAX_TEXT or (required and not text):
        raise DomainError.one("INVALID_INPUT", f"1-{MAX_TEXT} characters", field)
    return text
