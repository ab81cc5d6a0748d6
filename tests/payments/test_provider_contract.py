"""What every payment platform adapter promises the core (``ports.PaymentProvider``), checked the
same way against each: WeChat Pay and Alipay through their HTTP simulators, and the in-process
ledger the domain tests drive, so a domain test passing on the ledger means what it would mean on
a platform."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from starlette.applications import Starlette
from tests.fakes.ledger import LedgerProvider
from tests.payments.platforms import built_platforms

from luojiang.core.payments.models import PayChannel
from luojiang.core.payments.ports import (
    PaymentProvider,
    PaymentRequest,
    PlatformRejected,
    RefundRequest,
    TradeStatus,
)
from luojiang.core.settings import Settings

AMOUNT = 2000
BILL_DAY = datetime(2026, 11, 27, tzinfo=UTC).date()


@dataclass
class Platform:
    """An adapter and a way to make the platform behind it say that a trade was paid."""

    provider: PaymentProvider
    pay: Callable[[str], str]  # out_trade_no -> the platform's transaction id
    payer_openid: str


@pytest.fixture(params=["wechatpay", "alipay", "ledger"])
async def platform(
    request: pytest.FixtureRequest, app: Starlette, settings: Settings
) -> AsyncIterator[Platform]:
    if request.param == "ledger":
        ledger = LedgerProvider(PayChannel.WECHATPAY)
        yield Platform(ledger, ledger.pay, "openid-ledger")
        return
    async with built_platforms(settings) as platforms:
        providers = platforms.services.payments.providers
        if request.param == "wechatpay":
            yield Platform(
                providers[PayChannel.WECHATPAY],
                lambda no: str(platforms.wechat.pay(no)["transaction_id"]),
                "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
            )
        else:
            yield Platform(
                providers[PayChannel.ALIPAY],
                lambda no: str(platforms.alipay.pay(no)["trade_no"]),
                "074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5",
            )


async def created(platform: Platform) -> str:
    out_trade_no = f"LJC{uuid.uuid4().hex[:20].upper()}"
    request = PaymentRequest(
        out_trade_no=out_trade_no,
        description="居民身份证换领工本费",
        amount_fen=AMOUNT,
        payer_openid=platform.payer_openid,
        expires_at=datetime.now(UTC) + timedelta(minutes=30),
    )
    assert await platform.provider.create_payment(request)  # what the front end passes on
    return out_trade_no


async def refunded(provider: PaymentProvider, request: RefundRequest) -> bool:
    """What a refund query says; WeChat Pay answers one it never had RESOURCE_NOT_EXISTS."""
    try:
        return (await provider.query_refund(request)).succeeded
    except PlatformRejected as refused:
        if refused.code != "RESOURCE_NOT_EXISTS":
            raise
        return False


async def test_a_created_trade_is_pending_and_an_unknown_one_not_found(platform: Platform) -> None:
    out_trade_no = await created(platform)
    assert (await platform.provider.query_payment(out_trade_no)).status is TradeStatus.PENDING
    assert (await platform.provider.query_payment("LJCNOSUCHTRADE")).status is TradeStatus.NOT_FOUND


async def test_a_paid_trade_reads_paid_with_its_transaction_id_and_amount(platform: Platform) -> None:
    out_trade_no = await created(platform)
    transaction = platform.pay(out_trade_no)
    info = await platform.provider.query_payment(out_trade_no)
    assert (info.status, info.out_trade_no, info.platform_trade_no, info.amount_fen) == (
        TradeStatus.PAID,
        out_trade_no,
        transaction,
        AMOUNT,
    )


async def test_an_unpaid_trade_closes_and_a_paid_one_refuses_with_orderpaid(platform: Platform) -> None:
    unpaid, paid = await created(platform), await created(platform)
    await platform.provider.close_payment(unpaid)
    assert (await platform.provider.query_payment(unpaid)).status is TradeStatus.CLOSED
    platform.pay(paid)
    with pytest.raises(PlatformRejected) as refused:
        await platform.provider.close_payment(paid)
    assert refused.value.code == "ORDERPAID"


async def test_a_refund_is_made_once_per_refund_number_and_can_be_asked_about(platform: Platform) -> None:
    out_trade_no = await created(platform)
    platform.pay(out_trade_no)
    request = RefundRequest(out_trade_no, f"RF{uuid.uuid4().hex[:12]}", 500, AMOUNT, "多收")
    assert (await platform.provider.refund(request)).succeeded
    assert (await platform.provider.refund(request)).succeeded  # the same number again: no second refund
    assert await refunded(platform.provider, request)
    unknown = RefundRequest(out_trade_no, "RFNEVERASKED", 500, AMOUNT, "多收")
    assert not await refunded(platform.provider, unknown)


async def test_the_bill_lists_paid_trades_with_transaction_id_and_amount(platform: Platform) -> None:
    paid, unpaid = await created(platform), await created(platform)
    transaction = platform.pay(paid)
    rows = {row.out_trade_no: row for row in await platform.provider.download_bill(BILL_DAY)}
    assert (rows[paid].platform_trade_no, rows[paid].amount_fen) == (transaction, AMOUNT)
    assert unpaid not in rows
