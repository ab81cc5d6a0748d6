"""Batch loads for orders' relations: one query per relation per request, whatever the page size."""

from __future__ import annotations

from collections.abc import Sequence

from luojiang.core.payments import repository
from luojiang.core.payments.models import Order, PaymentAttempt, PaymentEvent, RefundApplication


async def order_by_id(ids: list[int]) -> Sequence[Order | None]:
    found = await repository.orders_by_ids(ids)
    return [found.get(i) for i in ids]


async def attempts_by_order(order_ids: list[int]) -> Sequence[list[PaymentAttempt]]:
    grouped: dict[int, list[PaymentAttempt]] = {i: [] for i in order_ids}
    for attempt in await repository.attempts_of_orders(order_ids):
        grouped[attempt.order_id].append(attempt)
    return [grouped[i] for i in order_ids]


async def events_by_order(order_ids: list[int]) -> Sequence[list[PaymentEvent]]:
    grouped: dict[int, list[PaymentEvent]] = {i: [] for i in order_ids}
    for event in await repository.events_of_orders(order_ids):
        grouped[event.order_id].append(event)
    return [grouped[i] for i in order_ids]


async def applications_by_order(order_ids: list[int]) -> Sequence[list[RefundApplication]]:
    grouped: dict[int, list[RefundApplication]] = {i: [] for i in order_ids}
    for application in await repository.applications_of_orders(order_ids):
        grouped[application.order_id].append(application)
    return [grouped[i] for i in order_ids]
