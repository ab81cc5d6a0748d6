"""Payment services over the session's database, with ledger platforms and a settable clock, and a
gateway wired to the platforms' simulators."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from starlette.applications import Starlette
from tests.fakes.ledger import LedgerProvider
from tests.payments.platforms import Platforms, built_platforms

from luojiang.core.identity.models import Person
from luojiang.core.payments.access import Actor
from luojiang.core.payments.models import PayChannel
from luojiang.core.payments.prices import CataloguePriceList
from luojiang.core.payments.refunds import RefundService
from luojiang.core.payments.service import PaymentService
from luojiang.core.settings import Settings


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def wechat() -> LedgerProvider:
    return LedgerProvider(PayChannel.WECHATPAY)


@pytest.fixture
def alipay() -> LedgerProvider:
    return LedgerProvider(PayChannel.ALIPAY)


@pytest.fixture
def payments(app: Starlette, clock: Clock, wechat: LedgerProvider, alipay: LedgerProvider) -> PaymentService:
    providers = {PayChannel.WECHATPAY: wechat, PayChannel.ALIPAY: alipay}
    return PaymentService(providers, CataloguePriceList(), clock)  # type: ignore[arg-type]


@pytest.fixture
async def platforms(app: Starlette, settings: Settings) -> AsyncIterator[Platforms]:
    """A gateway wired to the WeChat Pay and Alipay simulators (platforms.py), closed after the test."""
    async with built_platforms(settings) as platforms:
        yield platforms


@pytest.fixture
def refunds(payments: PaymentService) -> RefundService:
    return RefundService(payments)


@pytest.fixture
async def citizen(app: Starlette) -> Actor:
    """A person of their own per test (a row, as a login makes), so tests share the database
    without seeing each other's orders."""
    person = await Person.create()
    return Actor(person_id=person.id, openid=f"openid-{person.id}")
