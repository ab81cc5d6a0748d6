"""Orders and payments: create an order from the price list, start a payment on a channel, and
record a payment exactly once whichever way the news arrives (notification, query, close)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from luojiang.core import db
from luojiang.core.catalogue import repository as catalogue
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.identity import repository as identity
from luojiang.core.pagination import Page, PageRequest
from luojiang.core.payments import repository as repo
from luojiang.core.payments.access import Actor, require_person
from luojiang.core.payments.models import (
    AttemptState,
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
    PlatformNotification,
    PlatformRejected,
    PlatformUnavailable,
)
from luojiang.core.payments.prices import CataloguePriceList, PriceEntry
from luojiang.core.payments.states import PAYABLE, check_transition

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
    """A platform message that does not match our records (unknown trade, other channel, amount)."""


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
        self, actor: Actor, order_id: int, channel: PayChannel
    ) -> tuple[PaymentAttempt, dict[str, str]]:
        order = await repo.order_by_id(order_id)
        if order is None or not actor.owns(order):
            raise NotFound("order")
        if order.state in PAYABLE and order.expires_at <= self.clock():
            raise DomainError.one("ORDER_EXPIRED", "the order has expired; create a new one")
        provider = self._provider(channel)
        payer_openid = actor.openid or await identity.channel_subject(
            require_person(actor), LOGIN_CHANNELS[channel], provider.app_id
        )
        if not payer_openid:
            raise DomainError.one(
                "CHANNEL_UNAVAILABLE", "log in inside the mini-program of this platform to pay"
            )
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
                reason=channel.value,
                platform_reference=attempt.out_trade_no,
            )
        # the platform is called after the commit: no transaction is held open across it
        request = PaymentRequest(
            out_trade_no=attempt.out_trade_no,
            description=order.description,
            amount_fen=order.amount_fen,
            payer_openid=payer_openid,
            expires_at=order.expires_at,
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
        """
        attempt = await repo.attempt_by_out_trade_no(news.out_trade_no)
        if attempt is None or attempt.channel is not news.channel:
            raise PaymentMismatch("unknown trade")
        if news.amount_fen != attempt.amount_fen:
            raise PaymentMismatch("amount differs from the trade's")
        try:
            async with db.transaction() as conn:
                return await self._apply_paid(attempt, news, actor, conn)
        except IntegrityError:
            # the same fact was recorded by a concurrent caller (SQLite path): nothing to do
            return PaymentOutcome.ALREADY

    async def _apply_paid(
        self, attempt: PaymentAttempt, news: PlatformNotification, actor: str, conn: BaseDBAsyncClient
    ) -> PaymentOutcome:
        order = await repo.locked_order(attempt.order_id, conn)
        current = await repo.attempt_by_out_trade_no(attempt.out_trade_no, conn)
        if current is None or current.state is AttemptState.SUCCEEDED:
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
            platform_trade_no=news.platform_trade_no,
            finished_at=now,
        )
        if not won:
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


def _new_trade_no(order_id: int) -> str:
    # 6-32 characters of [0-9A-Za-z]: valid for WeChat Pay and Alipay alike
    return f"LJ{order_id:010d}{secrets.token_hex(8).upper()}"
