"""A storm of payment notifications: 10,000 deliveries, 30% of them duplicates, sent concurrently
to /notify/wechatpay and /notify/alipay of a real gateway app (simulator-signed, verified for
real). Asserts 0 double credits and 0 lost payments; prints the figures and the throughput as a
ratio against a bare Starlette endpoint answering 204 over the same transport in the same run.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        LUOJIANG_SAMPLE_CATALOGUE=../shared/data/catalogue .venv/bin/python -m bench.payments_storm

Without BENCH_DATABASE_URL it runs on SQLite in a temporary folder.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import secrets
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from tests.fakes import wechatpay as wechat_fake
from tests.fakes.alipay import to_yuan
from tests.payments.platforms import Platforms, build_platforms
from tortoise.functions import Count

from luojiang.core import db
from luojiang.core.payments.models import (
    AttemptState,
    Order,
    OrderKind,
    OrderState,
    OwnerKind,
    PayChannel,
    PaymentAttempt,
    PaymentEvent,
)
from luojiang.core.settings import Environment, load_settings

DELIVERIES = int(os.environ.get("STORM_DELIVERIES", "10000"))
DUPLICATE_SHARE = 0.30
IN_FLIGHT = int(os.environ.get("STORM_IN_FLIGHT", "200"))
Delivery = tuple[str, dict[str, str], bytes]
Recipe = Callable[[], Delivery]  # signs when called: a WeChat signature is only good for 5 minutes


@asynccontextmanager
async def database() -> AsyncIterator[str]:
    server = os.environ.get("BENCH_DATABASE_URL")
    if not server:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite://{Path(folder) / 'storm.sqlite3'}"
        return
    name = f"luojiang_storm_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(server)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def paying_orders(count: int) -> list[PaymentAttempt]:
    """Orders already paying, one attempt each, half on each platform (inserted in bulk: the
    subject of this benchmark is the notifications, not order creation)."""
    expires = datetime.now(UTC) + timedelta(hours=1)
    orders = [
        Order(owner_kind=OwnerKind.PERSON, owner_id=i, payer_person_id=i, client_key=f"storm-{i}",
              kind=OrderKind.TICKET, item_code="LJ-JQ-BMG", description="storm", lines=[],
              amount_fen=100 + i % 9000, state=OrderState.PAYING, expires_at=expires)
        for i in range(count)
    ]  # fmt: skip
    await Order.bulk_create(orders, batch_size=1000)
    stored = await Order.filter(client_key__startswith="storm-").order_by("id")
    attempts = [
        PaymentAttempt(order_id=o.id, channel=PayChannel.WECHATPAY if o.id % 2 else PayChannel.ALIPAY,
                       out_trade_no=f"LJS{o.id:010d}{secrets.token_hex(4).upper()}", payer_openid="o-storm",
                       amount_fen=o.amount_fen)
        for o in stored
    ]  # fmt: skip
    await PaymentAttempt.bulk_create(attempts, batch_size=1000)
    return await PaymentAttempt.filter(payer_openid="o-storm").order_by("id")


def notification(platforms: Platforms, attempt: PaymentAttempt) -> Delivery:
    if attempt.channel is PayChannel.WECHATPAY:
        trade = {"appid": wechat_fake.APPID, "mchid": wechat_fake.MCHID, "out_trade_no": attempt.out_trade_no,
                 "transaction_id": f"4200{attempt.id:020d}", "payer": {"openid": "o-storm"},
                 "amount": {"total": attempt.amount_fen, "currency": "CNY"}}  # fmt: skip
        headers, body = platforms.wechat.notification(trade, event_id=f"EV-{attempt.id}")
        return "/notify/wechatpay", headers, body
    trade = {"trade_no": f"2026{attempt.id:020d}", "out_trade_no": attempt.out_trade_no,
             "buyer_open_id": "o-storm", "status": "TRADE_SUCCESS",
             "total_amount": to_yuan(attempt.amount_fen), "subject": "storm"}  # fmt: skip
    body = platforms.alipay.notification(trade)
    return "/notify/alipay", {"content-type": "application/x-www-form-urlencoded"}, body


def recipes(platforms: Platforms, attempts: list[PaymentAttempt], duplicates: int) -> list[Recipe]:
    """Every payment once, plus duplicates: WeChat signs each delivery afresh when it is sent (as
    its retries do), Alipay repeats the very same body."""
    rng = random.Random(7)
    alipay_bodies: dict[int, Delivery] = {}

    def recipe(attempt: PaymentAttempt) -> Recipe:
        if attempt.channel is PayChannel.WECHATPAY:
            return lambda: notification(platforms, attempt)
        return lambda: alipay_bodies.setdefault(attempt.id, notification(platforms, attempt))

    batch = [recipe(a) for a in attempts] + [recipe(a) for a in rng.choices(attempts, k=duplicates)]
    rng.shuffle(batch)
    return batch


async def send_all(app: Starlette, batch: list[Recipe]) -> tuple[float, list[int]]:
    gate = asyncio.Semaphore(IN_FLIGHT)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://gateway.test") as http:

        async def send(recipe: Recipe) -> int:
            async with gate:
                path, headers, body = recipe()
                response = await http.post(path, content=body, headers=headers)
                ok = response.status_code == 204 or response.text == "success"
                return 1 if ok else 0

        started = time.perf_counter()
        results = await asyncio.gather(*(send(recipe) for recipe in batch))
        return time.perf_counter() - started, results


def bare_app() -> Starlette:
    async def accept(_: Request) -> Response:
        return Response(status_code=204)

    return Starlette(routes=[Route("/notify/{platform}", accept, methods=["POST"])])


async def timed(
    label: str, work: Callable[[], Awaitable[tuple[float, list[int]]]]
) -> tuple[float, list[int]]:
    seconds, results = await work()
    print(f"{label:<34} {len(results):>6} requests in {seconds:6.2f} s = {len(results) / seconds:8.0f} req/s")
    return seconds, results


async def main() -> None:
    logging.getLogger("luojiang").setLevel(logging.ERROR)  # a refused notification is not news here
    unique = round(DELIVERIES * (1 - DUPLICATE_SHARE))
    async with database() as url:
        settings = load_settings(environment=Environment.TEST, database_url=url, log_json=False)
        await db.migrate(settings)
        async with db.database(settings):
            platforms = build_platforms(settings)
            attempts = await paying_orders(unique)
            batch = recipes(platforms, attempts, DELIVERIES - unique)
            kind = url.split("://")[0]
            duplicates = len(batch) - unique
            print(f"database: {kind}; {len(batch)} deliveries: {unique} payments + {duplicates} duplicates")
            base_s, _ = await timed("baseline (bare Starlette, 204)", lambda: send_all(bare_app(), batch))
            storm_s, acked = await timed(
                "gateway /notify/* (verify+apply)", lambda: send_all(platforms.app, batch)
            )
            await platforms.services.platform_http.aclose()
            await report(attempts, acked, storm_s / base_s)


async def report(attempts: list[PaymentAttempt], acked: list[int], slowdown: float) -> None:
    ids = [a.order_id for a in attempts]
    paid = await Order.filter(id__in=ids, state=OrderState.PAID).count()
    per_order = (
        await PaymentEvent.filter(order_id__in=ids, kind="paid")
        .group_by("order_id")
        .annotate(n=Count("id"))
        .values_list("order_id", "n")
    )
    double = sum(1 for _, n in per_order if n > 1)
    succeeded = await PaymentAttempt.filter(
        id__in=[a.id for a in attempts], state=AttemptState.SUCCEEDED
    ).count()
    lost = len(attempts) - paid
    print(
        f"acknowledged {sum(acked)}/{len(acked)}; orders paid {paid}/{len(attempts)}; succeeded {succeeded}"
    )
    print(f"double credits {double}; lost payments {lost}; gateway time / baseline time = {slowdown:.1f}x")
    assert double == 0, "a payment was credited twice"
    assert lost == 0, "a payment was lost"
    assert sum(acked) == len(acked), "a genuine notification was not acknowledged"


if __name__ == "__main__":
    asyncio.run(main())
