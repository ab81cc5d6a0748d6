"""The payment jobs' rules: recover payments whose notification was lost, expire unpaid orders
(closing them on the platform first), settle refunds, and reconcile against the daily bills.

Each takes only a time or a day, re-reads state, and is safe to run twice or concurrently:
every change goes through the same guarded updates as the notifications.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from luojiang.core import db
from luojiang.core.payments import repository as repo
from luojiang.core.payments.models import AttemptState, MismatchKind, OrderState, PaymentAttempt
from luojiang.core.payments.ports import (
    NotificationKind,
    PaymentProvider,
    PlatformNotification,
    PlatformRejected,
    PlatformUnavailable,
    TradeStatus,
)
from luojiang.core.payments.refunds import RefundService
from luojiang.core.payments.service import SHANGHAI, PaymentService
from luojiang.core.payments.states import PAYABLE, check_transition

log = logging.getLogger(__name__)
BATCH = 200


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


class PaymentSweeps:
    """Sweeps over batches that the payment jobs run: pending attempts (recover), unpaid orders
    (expire), refunds (settle), daily bills (reconcile)."""

    def __init__(self, payments: PaymentService, refunds: RefundService) -> None:
        self.payments = payments
        self.refunds = refunds

    async def recover_pending(self, older_than: timedelta = timedelta(minutes=3)) -> Tally:
        """Ask the platform about attempts still pending: a lost notification is recovered here."""
        tally = Tally()
        unconfigured: set[str] = set()
        for attempt in await repo.pending_attempts_before(self.payments.clock() - older_than, BATCH):
            provider = self.payments.providers.get(attempt.channel)
            if provider is None:
                unconfigured.add(attempt.channel.value)
                tally.add("no_provider")
                continue
            tally.add(await self._settle_from_platform(attempt, provider))
        if unconfigured:
            # one line per run, not one per payment (the job runs every minute); no trade numbers
            log.warning(
                "pending payments skipped: their channel has no provider configured",
                extra={"channels": sorted(unconfigured), "skipped": tally.counts["no_provider"]},
            )
        return tally

    async def expire_orders(self) -> Tally:
        """Close unpaid orders past their time: on the platform first, then here."""
        tally = Tally()
        for order in await repo.expired_payable_orders(self.payments.clock(), BATCH):
            outcomes = [await self._close_attempt(a) for a in await repo.pending_attempts_of(order.id)]
            if "paid" in outcomes or "unavailable" in outcomes:
                tally.add("kept")  # paid meanwhile, or not closed on the platform yet: retry next run
                continue
            check_transition(order.state, OrderState.EXPIRED)
            tally.add("expired" if await self._expire(order.id, order.state) else "raced")
        return tally

    async def settle_refunds(self) -> Tally:
        tally = Tally()
        for refund in await repo.unsettled_refunds(BATCH):
            order = await repo.order_by_id(refund.order_id)
            attempt = await repo.attempt_by_id(refund.attempt_id)
            if order is None or attempt is None:
                continue
            settled = await self.refunds.follow_up(refund, attempt, order)
            tally.add(settled.state.value)
        return tally

    async def reconcile(self, day: date) -> Tally:
        """Compare the day's bill of each platform with our successful attempts; store mismatches."""
        tally = Tally()
        start = datetime.combine(day, time(0), SHANGHAI).astimezone(UTC)
        for channel, provider in self.payments.providers.items():
            theirs = {row.out_trade_no: row for row in await provider.download_bill(day)}
            ours = {
                a.out_trade_no: a
                for a in await repo.succeeded_attempts_between(channel, start, start + timedelta(days=1))
            }
            # a trade on their bill that we recorded on another day is not missing: look it up
            elsewhere = await repo.attempts_by_out_trade_nos([no for no in theirs if no not in ours])
            for no, row in theirs.items():
                mine = ours.get(no) or elsewhere.get(no)
                if mine is None or mine.state is not AttemptState.SUCCEEDED:
                    await repo.record_mismatch(
                        day,
                        channel,
                        MismatchKind.MISSING_HERE,
                        no,
                        None,
                        row.amount_fen,
                        row.platform_trade_no,
                    )
                    tally.add("missing_here")
                elif mine.amount_fen != row.amount_fen:
                    await repo.record_mismatch(
                        day,
                        channel,
                        MismatchKind.AMOUNT_DIFFERS,
                        no,
                        mine.amount_fen,
                        row.amount_fen,
                        row.platform_trade_no,
                    )
                    tally.add("amount_differs")
                else:
                    tally.add("matched")
            for no, mine in ours.items():
                if no not in theirs:
                    await repo.record_mismatch(
                        day, channel, MismatchKind.MISSING_THERE, no, mine.amount_fen, None
                    )
                    tally.add("missing_there")
        return tally

    async def _settle_from_platform(self, attempt: PaymentAttempt, provider: PaymentProvider) -> str:
        try:
            info = await provider.query_payment(attempt.out_trade_no)
        except PlatformUnavailable:
            return "unavailable"
        if info.status is TradeStatus.PAID:
            news = PlatformNotification(
                channel=attempt.channel,
                event_id="query",
                kind=NotificationKind.PAID,
                out_trade_no=attempt.out_trade_no,
                platform_trade_no=info.platform_trade_no or "",
                amount_fen=info.amount_fen if info.amount_fen is not None else attempt.amount_fen,
            )
            await self.payments.record_payment(news, "job:query")
            return "paid"
        if info.status is TradeStatus.CLOSED:
            await repo.finish_attempt(
                attempt.id, AttemptState.CLOSED, None, finished_at=self.payments.clock()
            )
            return "closed"
        return "pending"

    async def _close_attempt(self, attempt: PaymentAttempt) -> str:
        provider = self.payments.providers.get(attempt.channel)
        if provider is None:
            return "unavailable"
        try:
            await provider.close_payment(attempt.out_trade_no)
        except PlatformUnavailable:
            return "unavailable"
        except PlatformRejected as exc:
            if exc.code != "ORDERPAID":
                log.warning("closing %s refused: %s", attempt.out_trade_no, exc.code)
                return "unavailable"
            return await self._settle_from_platform(attempt, provider)
        await repo.finish_attempt(attempt.id, AttemptState.CLOSED, None, finished_at=self.payments.clock())
        return "closed"

    async def _expire(self, order_id: int, expected: OrderState) -> bool:
        async with db.transaction() as conn:
            if expected not in PAYABLE or not await repo.set_order_state(
                order_id, expected, OrderState.EXPIRED, conn
            ):
                return False
            await repo.insert_event(
                conn,
                order_id=order_id,
                event_key=f"expired:{order_id}",
                kind="expired",
                from_state=expected,
                to_state=OrderState.EXPIRED,
                actor="job:expire",
                reason="not paid in time",
            )
        return True
