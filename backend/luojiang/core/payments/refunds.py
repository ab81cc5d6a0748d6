"""Refunds, full and partial, idempotent by the staff member's client key (and on the platform
by our ``out_refund_no``): the amount is reserved on the order before the platform is called, so
two refunds can never together exceed what was paid."""

from __future__ import annotations

import secrets

from tortoise.exceptions import IntegrityError

from luojiang.core import db
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.payments import repository as repo
from luojiang.core.payments.access import Actor, require_four_eyes
from luojiang.core.payments.models import Order, PaymentAttempt, Refund, RefundState
from luojiang.core.payments.ports import (
    PlatformNotification,
    PlatformRejected,
    PlatformUnavailable,
    RefundRequest,
)
from luojiang.core.payments.service import PaymentService
from luojiang.core.payments.states import REFUNDABLE, check_transition, state_after_refund


class RefundService:
    def __init__(self, payments: PaymentService) -> None:
        self.payments = payments

    async def refund(
        self, actor: Actor, order_id: int, amount_fen: int, client_key: str, reason: str
    ) -> Refund:
        order = await repo.order_by_id(order_id)
        if order is None or not actor.administers(order):
            raise NotFound("order")
        require_four_eyes(actor, order)
        existing = await repo.refund_by_client_key(order_id, client_key)
        if existing is not None:
            return _same_refund(existing, amount_fen)
        try:
            refund, attempt = await self._reserve(actor, order, amount_fen, client_key, reason)
        except IntegrityError:
            raced = await repo.refund_by_client_key(order_id, client_key)
            if raced is None:
                raise
            return _same_refund(raced, amount_fen)
        return await self.submit(refund, attempt, order)

    async def _reserve(
        self, actor: Actor, order: Order, amount_fen: int, client_key: str, reason: str
    ) -> tuple[Refund, PaymentAttempt]:
        async with db.transaction() as conn:
            order = await repo.locked_order(order.id, conn)
            if order.state not in REFUNDABLE:
                raise DomainError.one(
                    "NOT_REFUNDABLE", f"an order that is {order.state.value} cannot be refunded"
                )
            if not 0 < amount_fen <= order.amount_fen - order.refunded_fen:
                raise DomainError.one(
                    "INVALID_AMOUNT", "the amount exceeds what is left to refund", "amountFen"
                )
            target = state_after_refund(order.amount_fen, order.refunded_fen + amount_fen)
            check_transition(order.state, target)
            if not await repo.reserve_refund(order, amount_fen, target, conn):
                raise DomainError.one("CONFLICT", "the order changed meanwhile; try again")
            attempt = await repo.paid_attempt(order.id, conn)
            if attempt is None:
                raise RuntimeError(f"order {order.id} is {order.state} without a paid attempt")
            refund = await repo.insert_refund(
                conn,
                order_id=order.id,
                attempt_id=attempt.id,
                client_key=client_key,
                out_refund_no=f"RF{order.id:010d}{secrets.token_hex(8).upper()}",
                amount_fen=amount_fen,
                reason=reason[:80],
                requested_by=actor.label,
            )
            await repo.insert_event(
                conn,
                order_id=order.id,
                event_key=f"refund:{refund.out_refund_no}",
                kind="refund_requested",
                from_state=order.state,
                to_state=target,
                actor=actor.label,
                reason=reason[:255],
                platform_reference=refund.out_refund_no,
                amount_fen=amount_fen,
            )
        return refund, attempt

    async def submit(self, refund: Refund, attempt: PaymentAttempt, order: Order) -> Refund:
        """Ask the platform (after the commit). Safe to call again: the out_refund_no is the same."""
        provider = self.payments.providers[attempt.channel]
        request = RefundRequest(
            out_trade_no=attempt.out_trade_no,
            out_refund_no=refund.out_refund_no,
            refund_fen=refund.amount_fen,
            total_fen=order.amount_fen,
            reason=refund.reason,
        )
        unsettled = [RefundState.REQUESTED, RefundState.PROCESSING]
        try:
            result = await provider.refund(request)
        except PlatformUnavailable:
            return refund  # stays requested: the refund job submits it again
        except PlatformRejected as exc:
            await self._release(refund, exc.code)
            return await _reload(refund)
        target = RefundState.SUCCEEDED if result.succeeded else RefundState.PROCESSING
        await repo.set_refund_state(
            refund.id, unsettled, target, platform_refund_no=result.platform_refund_no
        )
        if result.succeeded:
            await self._log(refund, "refund_succeeded", result.platform_refund_no or "")
        return await _reload(refund)

    async def follow_up(self, refund: Refund, attempt: PaymentAttempt, order: Order) -> Refund:
        """A refund still requested is submitted again (same out_refund_no: refunded once); one the
        platform is processing is asked about."""
        if refund.state is RefundState.REQUESTED:
            return await self.submit(refund, attempt, order)
        provider = self.payments.providers[attempt.channel]
        request = RefundRequest(
            attempt.out_trade_no, refund.out_refund_no, refund.amount_fen, order.amount_fen, ""
        )
        try:
            result = await provider.query_refund(request)
        except (PlatformUnavailable, PlatformRejected):
            return refund
        if result.succeeded and await repo.set_refund_state(
            refund.id,
            [RefundState.PROCESSING],
            RefundState.SUCCEEDED,
            platform_refund_no=result.platform_refund_no,
        ):
            await self._log(refund, "refund_succeeded", result.platform_refund_no or "", "job:refunds")
        return await _reload(refund)

    async def record_refund(self, news: PlatformNotification, actor: str) -> bool:
        """A platform says a refund completed; True when this call recorded it."""
        refund = await repo.refund_by_out_refund_no(news.out_refund_no or "")
        if refund is None or refund.amount_fen != news.amount_fen:
            raise DomainError.one("UNKNOWN_REFUND", "no such refund")
        won = await repo.set_refund_state(
            refund.id,
            [RefundState.REQUESTED, RefundState.PROCESSING],
            RefundState.SUCCEEDED,
            platform_refund_no=news.platform_trade_no,
        )
        if won:
            await self._log(refund, "refund_succeeded", news.platform_trade_no, actor)
        return won

    async def _release(self, refund: Refund, platform_code: str) -> None:
        """The platform refused the refund: it fails, and its reserved amount goes back to the
        order in the same transaction (once, however often this runs)."""
        unsettled = [RefundState.REQUESTED, RefundState.PROCESSING]
        async with db.transaction() as conn:
            order = await repo.locked_order(refund.order_id, conn)
            if not await repo.set_refund_state(refund.id, unsettled, RefundState.FAILED, conn):
                return  # settled meanwhile: nothing to give back
            target = state_after_refund(order.amount_fen, order.refunded_fen - refund.amount_fen)
            check_transition(order.state, target)
            if not await repo.release_refund(order, refund.amount_fen, target, conn):
                raise RuntimeError(f"order {order.id} changed under its row lock")
            await repo.insert_event(
                conn,
                order_id=order.id,
                event_key=f"refund_failed:{refund.out_refund_no}",
                kind="refund_failed",
                from_state=order.state,
                to_state=target,
                actor="platform",
                reason=f"the platform refused the refund ({platform_code[:40]}); its amount is released",
                platform_reference=refund.out_refund_no,
                amount_fen=refund.amount_fen,
            )

    async def _log(self, refund: Refund, kind: str, reference: str, actor: str = "platform") -> None:
        order = await repo.order_by_id(refund.order_id)
        state = order.state if order else ""
        try:
            await repo.insert_event(
                None,
                order_id=refund.order_id,
                event_key=f"{kind}:{refund.out_refund_no}",
                kind=kind,
                from_state=state,
                to_state=state,
                actor=actor,
                platform_reference=reference[:64],
                amount_fen=refund.amount_fen,
            )
        except IntegrityError:
            return  # recorded already


def _same_refund(refund: Refund, amount_fen: int) -> Refund:
    if refund.amount_fen != amount_fen:
        raise DomainError.one("CLIENT_KEY_REUSED", "this client key was used for another refund", "clientKey")
    return refund


async def _reload(refund: Refund) -> Refund:
    fresh = await repo.refund_by_out_refund_no(refund.out_refund_no)
    return fresh or refund
