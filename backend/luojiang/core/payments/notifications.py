"""Platform notifications in, one of four answers out: the route turns each into the reply its
platform expects. Verification is the adapters' job (``NotificationVerifier``); applying the
news exactly once is the services' job."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum

from luojiang.core.errors import DomainError
from luojiang.core.payments.models import PayChannel
from luojiang.core.payments.ports import (
    NotificationKind,
    NotificationRejected,
    NotificationVerifier,
    PlatformNotification,
)
from luojiang.core.payments.refunds import RefundService
from luojiang.core.payments.service import PaymentMismatch, PaymentService
from luojiang.core.payments.states import IllegalTransition

log = logging.getLogger(__name__)


class Receipt(StrEnum):
    ACCEPTED = "accepted"  # applied now or before: tell the platform to stop
    REJECTED = "rejected"  # failed verification: nothing changed
    # verified but contradicts our records: nothing changed, kept for staff (``paymentMismatches``)
    # and not acknowledged, so the platform sends it again until staff have sorted it out
    MISMATCH = "mismatch"
    RETRY = "retry"  # could not apply now: ask the platform to send it again


class NotificationDesk:
    def __init__(
        self,
        verifiers: Mapping[PayChannel, NotificationVerifier],
        payments: PaymentService,
        refunds: RefundService,
    ) -> None:
        self.verifiers = verifiers
        self.payments = payments
        self.refunds = refunds

    async def receive(self, channel: PayChannel, headers: Mapping[str, str], body: bytes) -> Receipt:
        verifier = self.verifiers.get(channel)
        if verifier is None:
            return Receipt.REJECTED
        try:
            news = await verifier.verify(headers, body)
        except NotificationRejected as exc:
            log.warning("%s notification rejected: %s", channel.value, exc)
            return Receipt.REJECTED
        try:
            return await self._apply(news)
        except (PaymentMismatch, DomainError) as exc:
            if isinstance(exc, IllegalTransition):
                log.error("%s notification for %s: %s", channel.value, news.out_trade_no, exc)
                await verifier.forget(headers)
                return Receipt.RETRY
            log.warning("%s notification for %s does not match: %s", channel.value, news.out_trade_no, exc)
            return Receipt.MISMATCH
        except Exception:
            await verifier.forget(headers)
            raise

    async def _apply(self, news: PlatformNotification) -> Receipt:
        actor = f"notify:{news.channel.value}"
        if news.kind is NotificationKind.PAID:
            await self.payments.record_payment(news, actor)
        elif news.kind is NotificationKind.REFUNDED:
            await self.refunds.record_refund(news, actor)
        return Receipt.ACCEPTED
