"""Orders and payments: create an order from the price list, start a payment on a channel, and
record a payment exactly once whichever way the news arrives (notification, query, close)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from luojiang.core import db
from luojiang.core.catalogue import repository as catalogue
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.identity import repository as identity
from luojiang.core.metrics import PAYMENT_MISMATCHES
from luojiang.core.pagination import Page, PageRequest
from luojiang.core.payments import repository as repo
from luojiang.core.payments.access import Actor, require_person
from luojiang.core.payments.models import (
    AttemptState,
    MismatchKind,
    Order,
    OrderKind,
    OrderState,
    OwnerKind,
    PayChannel,
    PaymentAttempt,
    ReconciliationMismatch,
)
from luojiang.core.payments.ports import (
    PaymentProvider,
    PaymentRequest,
    PayScene,
    PlatformNotification,
    PlatformRejected,
    PlatformUnavailable,
)
from luojiang.core.payments.prices import CataloguePriceList, PriceEntry
from luojiang.core.payments.states import PAYABLE, check_transition

log = logging.getLogger(__name__)
SHANGHAI = ZoneInfo("Asia/Shanghai")  # the platforms' business day
Clock = Callable[[], datetime]
# the identity area's name for a login on each payment platform
LOGIN_CHANNELS = {PayChannel.WECHATPAY: "wechat", PayChannel.ALIPAY: "alipay"}


@dataclass(frozen=True)
class LineRequest:
    item: int
    quantity: int


class PaymentOutcome(StrEnum):
    APPLIED = "applied"  # this call moved the order to paid
    ALREADY = "already"  # recorded before: nothing changed
    DUPLICATE = "duplicate"  # a second attempt paid an order already paid: recorded for refund


class PaymentMismatch(Exception):
    """A platform message that contradicts our records: kept for staff, never acknowledged."""

    def __init__(self, kind: MismatchKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class PaymentService:
    def __init__(
        self,
        providers: Mapping[PayChannel, PaymentProvider],
        prices: CataloguePriceList,
        clock: Clock,
        order_ttl: timedelta = timedelta(minutes=30),
    ) -> None:
        self.providers = providers
        self.prices = prices
        self.clock = clock
        self.order_ttl = order_ttl

    async def create_order(
        self,
        actor: Actor,
        kind: OrderKind,
        item_code: str,
        lines: Sequence[LineRequest],
        client_key: str,
        enterprise_id: int | None = None,
    ) -> Order:
        person_id = require_person(actor)
        entry = await self.prices.find(kind, item_code)
        if entry is None:
            raise NotFound("item", field="itemCode")
        priced = _price_lines(entry, lines)
        existing = await repo.order_by_client_key(person_id, client_key)
        if existing is not None:
            return _same_request(existing, kind, item_code, priced)
        owner = _owner(actor, person_id, enterprise_id)
        department_id = (
            await catalogue.department_id_by_code(entry.department_code) if entry.department_code else None
        )
        try:
            return await repo.insert_order(
                owner_kind=owner[0],
                owner_id=owner[1],
                payer_person_id=person_id,
                client_key=client_key,
                kind=kind,
                item_code=item_code,
                department_id=department_id,
                description=entry.title[:127],
                lines=priced,
                amount_fen=sum(int(str(line["amount_fen"])) for line in priced),
                expires_at=self.clock() + self.order_ttl,
            )
        except IntegrityError:
            # the same client key raced us: the first insert won, answer with its order
            raced = await repo.order_by_client_key(person_id, client_key)
            if raced is None:
                raise
            return _same_request(raced, kind, item_code, priced)

    async def order(self, actor: Actor, order_id: int) -> Order:
        order = await repo.order_by_id(order_id)
        if order is None or not actor.may_see(order):
            raise NotFound("order")
        return order

    async def orders(self, actor: Actor, page: PageRequest) -> Page[Order]:
        return await repo.visible_order_page(
            page,
            actor.person_id,
            sorted(actor.enterprise_ids),
            sorted(actor.staff_department_ids),
            everything=actor.is_admin,
        )

    async def mismatches(
        self, actor: Actor, page: PageRequest, bill_date: date | None
    ) -> Page[ReconciliationMismatch]:
        if not actor.is_admin:
            raise DomainError.one("FORBIDDEN", "only administrators see reconciliation results")
        return await repo.mismatch_page(page, bill_date)

    async def start_payment(
        self,
        actor: Actor,
        order_id: int,
        channel: PayChannel,
        scene: PayScene = PayScene.MINI_PROGRAM,
        client_ip: str = "",
    ) -> tuple[PaymentAttempt, dict[str, str]]:
        """One state machine whatever the scene: an attempt per start, recorded exactly once by
        the same notification path (the scene only changes what the payer's client is given)."""
        order = await repo.order_by_id(order_id)
        if order is None or not actor.owns(order):
            raise NotFound("order")
        if order.state in PAYABLE and order.expires_at <= self.clock():
            raise DomainError.one("ORDER_EXPIRED", "the order has expired; create a new one")
        provider = self._provider(channel)
        if scene not in provider.scenes:
            raise DomainError.one(
                "CHANNEL_UNAVAILABLE", "this platform does not take payments here", "platform"
            )
        payer_openid = await self._payer_openid(actor, provider, scene)
        async with db.transaction() as conn:
            order = await repo.locked_order(order_id, conn)
            check_transition(order.state, OrderState.PAYING)
            if not await repo.set_order_state(order.id, order.state, OrderState.PAYING, conn):
                raise DomainError.one("CONFLICT", "the order changed meanwhile; try again")
            attempt = await repo.insert_attempt(
                conn,
                order_id=order.id,
                channel=channel,
                out_trade_no=_new_trade_no(order.id),
                payer_openid=payer_openid,
                amount_fen=order.amount_fen,
            )
            await repo.insert_event(
                conn,
                order_id=order.id,
                event_key=f"attempt:{attempt.out_trade_no}",
                kind="payment_started",
                from_state=order.state,
                to_state=OrderState.PAYING,
                actor=actor.label,
                reason=f"{channel.value}:{scene.value}",
                platform_reference=attempt.out_trade_no,
            )
        # the platform is called after the commit: no transaction is held open across it
        request = PaymentRequest(
            out_trade_no=attempt.out_trade_no,
            description=order.description,
            amount_fen=order.amount_fen,
            payer_openid=payer_openid,
            expires_at=order.expires_at,
            scene=scene,
            client_ip=client_ip,
        )
        try:
            return attempt, await provider.create_payment(request)
        except PlatformUnavailable as exc:
            raise DomainError.one("PLATFORM_UNAVAILABLE", "the payment platform is busy; try again") from exc
        except PlatformRejected as exc:
            raise DomainError.one("PAYMENT_REFUSED", "the payment platform refused this payment") from exc

    async def record_payment(self, news: PlatformNotification, actor: str) -> PaymentOutcome:
        """Apply "this trade was paid" exactly once, however often and concurrently it arrives.

        Three guards, each sufficient for its case: the attempt's guarded UPDATE (pending ->
        succeeded) lets one caller win; the order row lock (PostgreSQL) serialises the losers
        behind the winner; the unique event key refuses a second record of the same fact.

        Only the exact repeat of what is recorded (same trade, same transaction id, same amount)
        is ``ALREADY``. A notice that contradicts the records raises :class:`PaymentMismatch`
        after it is logged, counted and kept for staff (``paymentMismatches``).
        """
        try:
            attempt = await self._matching_attempt(news)
            try:
                async with db.transaction() as conn:
                    return await self._apply_paid(attempt, news, actor, conn)
            except IntegrityError:
                # a unique key refused the write: a concurrent caller recorded this very fact
                # (SQLite path), or the transaction id is already another trade's
                return await self._recorded_before(news)
        except PaymentMismatch as mismatch:
            await self._keep_mismatch(news, mismatch)
            raise

    async def _matching_attempt(self, news: PlatformNotification) -> PaymentAttempt:
        attempt = await repo.attempt_by_out_trade_no(news.out_trade_no)
        if attempt is None or attempt.channel is not news.channel:
            raise PaymentMismatch(MismatchKind.NOTICE_UNKNOWN, "unknown trade")
        if news.amount_fen != attempt.amount_fen:
            raise PaymentMismatch(MismatchKind.NOTICE_AMOUNT, "amount differs from the trade's")
        return attempt

    async def _recorded_before(self, news: PlatformNotification) -> PaymentOutcome:
        attempt = await repo.attempt_by_out_trade_no(news.out_trade_no)
        if attempt is not None and attempt.state is AttemptState.SUCCEEDED:
            _same_transaction(attempt, news)
            return PaymentOutcome.ALREADY
        trade_no = news.platform_trade_no
        holder = await repo.attempt_by_platform_trade_no(trade_no) if trade_no else None
        if holder is not None and holder.out_trade_no != news.out_trade_no:
            raise PaymentMismatch(MismatchKind.NOTICE_CONFLICT, "transaction id belongs to another trade")
        raise RuntimeError("a unique key refused a payment record for no known reason")

    async def _keep_mismatch(self, news: PlatformNotification, mismatch: PaymentMismatch) -> None:
        attempt = await repo.attempt_by_out_trade_no(news.out_trade_no)
        await repo.record_mismatch(
            self.clock().astimezone(SHANGHAI).date(),
            news.channel,
            mismatch.kind,
            news.out_trade_no[:64],
            attempt.amount_fen if attempt is not None else None,
            news.amount_fen,
            platform_trade_no=news.platform_trade_no[:64],
        )
        PAYMENT_MISMATCHES.labels(news.channel.value, mismatch.kind.value).inc()
        log.error(
            "%s payment notice contradicts our records (%s): trade %s, transaction %s, %d fen",
            news.channel.value,
            mismatch.kind.value,
            _masked(news.out_trade_no),
            _masked(news.platform_trade_no),
            news.amount_fen,
        )

    async def _apply_paid(
        self, attempt: PaymentAttempt, news: PlatformNotification, actor: str, conn: BaseDBAsyncClient
    ) -> PaymentOutcome:
        order = await repo.locked_order(attempt.order_id, conn)
        current = await repo.attempt_by_out_trade_no(attempt.out_trade_no, conn)
        if current is None or current.state is AttemptState.SUCCEEDED:
            if current is not None:
                _same_transaction(current, news)
            return PaymentOutcome.ALREADY
        if order.state in (OrderState.CLOSED, OrderState.EXPIRED):
            # we close on the platform before closing here, so this is an inconsistency to look at,
            # never a silent change: the error makes the platform retry and shows up in the logs
            check_transition(order.state, OrderState.PAID)
        now = self.clock()
        won = await repo.finish_attempt(
            attempt.id,
            AttemptState.SUCCEEDED,
            conn,
            # NULL, not '', when the platform gave none: the column is unique among trades that have one
            platform_trade_no=news.platform_trade_no or None,
            finished_at=now,
        )
        if not won:
            # finished meanwhile by a concurrent caller (SQLite has no row lock): the same fact?
            finished = await repo.attempt_by_out_trade_no(attempt.out_trade_no, conn)
            if finished is not None:
                _same_transaction(finished, news)
            return PaymentOutcome.ALREADY
        if order.state in PAYABLE:
            check_transition(order.state, OrderState.PAID)
            if not await repo.set_order_state(order.id, order.state, OrderState.PAID, conn, paid_at=now):
                raise RuntimeError("order changed under its row lock")
            outcome, kind, target = PaymentOutcome.APPLIED, "paid", OrderState.PAID
        else:
            outcome, kind, target = PaymentOutcome.DUPLICATE, "duplicate_payment", order.state
        await repo.insert_event(
            conn,
            order_id=order.id,
            event_key=f"{kind}:{news.channel.value}:{news.out_trade_no}",
            kind=kind,
            from_state=order.state,
            to_state=target,
            actor=actor,
            reason=news.event_id[:255],
            platform_reference=news.platform_trade_no,
            amount_fen=news.amount_fen,
        )
        return outcome

    async def _payer_openid(self, actor: Actor, provider: PaymentProvider, scene: PayScene) -> str:
        """The payer's open id inside a mini-program (JSAPI needs it); none elsewhere."""
        if scene is not PayScene.MINI_PROGRAM:
            return ""
        payer_openid = actor.openid or await identity.channel_subject(
            require_person(actor), LOGIN_CHANNELS[provider.channel], provider.app_id
        )
        if not payer_openid:
            raise DomainError.one(
                "CHANNEL_UNAVAILABLE", "log in inside the mini-program of this platform to pay"
            )
        return payer_openid

    def _provider(self, channel: PayChannel) -> PaymentProvider:
        provider = self.providers.get(channel)
        if provider is None:
            raise DomainError.one("CHANNEL_UNAVAILABLE", "this payment channel is not configured", "channel")
        return provider


def _price_lines(entry: PriceEntry, lines: Sequence[LineRequest]) -> list[dict[str, object]]:
    chosen = lines or [LineRequest(item=i, quantity=1) for i in range(len(entry.items))]
    priced: list[dict[str, object]] = []
    for line in chosen:
        if not 0 <= line.item < len(entry.items):
            raise DomainError.one("UNKNOWN_ITEM", "no such fee item", "lines")
        if not 1 <= line.quantity <= 20:
            raise DomainError.one("INVALID_QUANTITY", "quantity must be between 1 and 20", "lines")
        item = entry.items[line.item]
        priced.append(
            {"name": item.name, "quantity": line.quantity, "amount_fen": item.amount_fen * line.quantity}
        )
    if sum(int(str(p["amount_fen"])) for p in priced) <= 0:
        raise DomainError.one("NOTHING_TO_PAY", "this item is free", "itemCode")
    return priced


def _same_request(order: Order, kind: OrderKind, item_code: str, priced: list[dict[str, object]]) -> Order:
    if order.kind is not kind or order.item_code != item_code or order.lines != priced:
        raise DomainError.one("CLIENT_KEY_REUSED", "this client key was used for another order", "clientKey")
    return order


def _owner(actor: Actor, person_id: int, enterprise_id: int | None) -> tuple[OwnerKind, int]:
    if enterprise_id is None:
        return OwnerKind.PERSON, person_id
    if enterprise_id not in actor.enterprise_ids:
        raise NotFound("enterprise", field="enterpriseId")
    return OwnerKind.ENTERPRISE, enterprise_id


def _same_transaction(recorded: PaymentAttempt, news: PlatformNotification) -> None:
    """A trade paid under one transaction id is not paid again under another."""
    if recorded.platform_trade_no and recorded.platform_trade_no != news.platform_trade_no:
        raise PaymentMismatch(MismatchKind.NOTICE_CONFLICT, "the trade was paid under another transaction id")


def _masked(reference: str) -> str:
    """Enough of a platform reference to find it in the bill, not enough to reuse it."""
    return f"{reference[:6]}…{reference[-4:]}" if len(reference) > 12 else "…"


def _new_trade_no(order_id: int) -> str:
    # 6-32 characters of [0-9A-Za-z]: valid for WeChat Pay and Alipay alike
    return f"LJ{order_id:010d}{secrets.token_hex(8).upper()}"
