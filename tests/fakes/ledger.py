"""An in-process payment platform behind the core's ``PaymentProvider`` port: a ledger of trades
and refunds that the domain tests drive directly (the HTTP fakes of the real protocols are in
``wechatpay.py`` and ``alipay.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from luojiang.core.payments.models import PayChannel
from luojiang.core.payments.ports import (
    BillRow,
    PaymentRequest,
    PayScene,
    PlatformRejected,
    RefundRequest,
    RefundResult,
    TradeInfo,
    TradeStatus,
)


@dataclass
class Trade:
    request: PaymentRequest
    status: TradeStatus = TradeStatus.PENDING
    platform_trade_no: str = ""


@dataclass
class LedgerProvider:
    channel: PayChannel = PayChannel.WECHATPAY
    app_id: str = "wx-ledger"
    trades: dict[str, Trade] = field(default_factory=dict)
    refunds: dict[str, RefundRequest] = field(default_factory=dict)
    bill: list[BillRow] | None = None  # a bill a test plants; else the paid trades, as platforms list them
    refuse_refunds: str | None = None  # a platform error code to refuse every refund with
    scenes: frozenset[PayScene] = frozenset(PayScene)

    async def create_payment(self, request: PaymentRequest) -> dict[str, str]:
        self.trades[request.out_trade_no] = Trade(request)
        return {"tradeNO": f"T{request.out_trade_no}"}

    def pay(self, out_trade_no: str) -> str:
        trade = self.trades[out_trade_no]
        trade.status = TradeStatus.PAID
        trade.platform_trade_no = f"42{out_trade_no}"
        return trade.platform_trade_no

    async def query_payment(self, out_trade_no: str) -> TradeInfo:
        trade = self.trades.get(out_trade_no)
        if trade is None:
            return TradeInfo(status=TradeStatus.NOT_FOUND, out_trade_no=out_trade_no)
        return TradeInfo(
            trade.status, out_trade_no, trade.platform_trade_no or None, trade.request.amount_fen
        )

    async def close_payment(self, out_trade_no: str) -> None:
        trade = self.trades.get(out_trade_no)
        if trade is None:
            return  # never created here: nothing to close
        if trade.status is TradeStatus.PAID:
            raise PlatformRejected("ORDERPAID", "paid")
        trade.status = TradeStatus.CLOSED

    async def refund(self, request: RefundRequest) -> RefundResult:
        if self.refuse_refunds:
            raise PlatformRejected(self.refuse_refunds, "refused")
        self.refunds.setdefault(request.out_refund_no, request)
        return RefundResult(succeeded=True, platform_refund_no=f"50{request.out_refund_no}")

    async def query_refund(self, request: RefundRequest) -> RefundResult:
        known = request.out_refund_no in self.refunds
        return RefundResult(
            succeeded=known, platform_refund_no=f"50{request.out_refund_no}" if known else None
        )

    async def download_bill(self, day: date) -> list[BillRow]:
        if self.bill is not None:
            return list(self.bill)
        return [
            BillRow(no, trade.platform_trade_no, trade.request.amount_fen)
            for no, trade in self.trades.items()
            if trade.status is TradeStatus.PAID
        ]
