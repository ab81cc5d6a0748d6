"""Alipay payments (ref/alipay.md 3): in the mini-program ``alipay.trade.create`` with JSAPI_PAY
and the buyer's open id gives the ``trade_no`` that ``my.tradePay`` takes; in a phone browser
``alipay.trade.wap.pay`` (QUICK_WAP_WAY) is a signed gateway URL the page opens, and in the app
``alipay.trade.app.pay`` (QUICK_MSECURITY_PAY) is a signed order string the app's SDK hands to
Alipay: both are signed here and create the trade when the payer's client opens them. Then
query, close, refund (``out_request_no``), refund query and the daily bill.

Signing, response verification and certificate mode are the shared gateway's
(``adapters/alipay/gateway.py``, also used for login); this module only maps payments onto it
and its errors onto the payments port's retryable and terminal errors.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import httpx

from luojiang.adapters.alipay.gateway import AlipayGateway, AlipayGatewayError
from luojiang.adapters.alipay_pay.bill import parse_bill_zip
from luojiang.adapters.alipay_pay.config import AlipayPayConfig
from luojiang.core.payments.models import PayChannel
from luojiang.core.payments.money import fen_to_yuan, yuan_to_fen
from luojiang.core.payments.ports import (
    BillRow,
    PaymentRequest,
    PayScene,
    PlatformRejected,
    PlatformUnavailable,
    RefundRequest,
    RefundResult,
    TradeInfo,
    TradeStatus,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
_RETRYABLE = {"20000", "40005"}
_RETRYABLE_SUB = {"ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR", "isp.unknow-error"}
_STATUS = {
    "WAIT_BUYER_PAY": TradeStatus.PENDING,
    "TRADE_SUCCESS": TradeStatus.PAID,
    "TRADE_FINISHED": TradeStatus.PAID,
    "TRADE_CLOSED": TradeStatus.CLOSED,
}


class AlipayPayProvider:
    channel = PayChannel.ALIPAY

    def __init__(self, config: AlipayPayConfig, gateway: AlipayGateway) -> None:
        self.app_id = config.app_id
        self.gateway = gateway
        self.http = gateway.http
        self.notify_url = config.notify_url
        self.scenes = frozenset(PayScene)

    async def _call(self, method: str, biz: dict[str, Any], **extra: str) -> dict[str, Any]:
        """The verified business answer, or the payments port's error for it."""
        try:
            answer = await self.gateway.call(method, biz, **extra)
        # unreachable, or an answer that failed verification: either way, try again later
        except AlipayGatewayError as exc:
            raise PlatformUnavailable(f"Alipay {method}: {type(exc).__name__}") from exc
        if answer.get("code") == "10000" and not answer.get("sub_code") and not answer.get("unsigned"):
            return answer
        code, sub_code = str(answer.get("code", "")), str(answer.get("sub_code", ""))
        if code in _RETRYABLE or sub_code in _RETRYABLE_SUB:
            raise PlatformUnavailable(f"{code} {sub_code}")
        raise PlatformRejected(sub_code or code, str(answer.get("sub_msg", answer.get("msg", ""))))

    async def create_payment(self, request: PaymentRequest) -> dict[str, str]:
        biz = {
            "out_trade_no": request.out_trade_no,
            "total_amount": fen_to_yuan(request.amount_fen),
            "subject": request.description.replace("/", " ").replace("=", " ").replace("&", " "),
            "time_expire": request.expires_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
        }
        if request.scene is PayScene.H5:
            page = self.gateway.signed_params(
                "alipay.trade.wap.pay", {**biz, "product_code": "QUICK_WAP_WAY"}, notify_url=self.notify_url
            )
            return {"wapUrl": f"{self.gateway.gateway_url}?{urlencode(page)}"}
        if request.scene is PayScene.APP:
            order = self.gateway.signed_params(
                "alipay.trade.app.pay",
                {**biz, "product_code": "QUICK_MSECURITY_PAY"},
                notify_url=self.notify_url,
            )
            return {"orderString": urlencode(order)}
        mini = {**biz, "product_code": "JSAPI_PAY", "buyer_open_id": request.payer_openid}
        answer = await self._call("alipay.trade.create", mini, notify_url=self.notify_url)
        return {"tradeNO": str(answer["trade_no"])}

    async def query_payment(self, out_trade_no: str) -> TradeInfo:
        try:
            answer = await self._call("alipay.trade.query", {"out_trade_no": out_trade_no})
        except PlatformRejected as exc:
            if exc.code == "ACQ.TRADE_NOT_EXIST":
                return TradeInfo(TradeStatus.NOT_FOUND, out_trade_no)
            raise
        status = _STATUS.get(str(answer.get("trade_status")), TradeStatus.PENDING)
        amount = answer.get("total_amount")
        return TradeInfo(
            status, out_trade_no, answer.get("trade_no"), yuan_to_fen(amount) if amount else None
        )

    async def close_payment(self, out_trade_no: str) -> None:
        try:
            await self._call("alipay.trade.close", {"out_trade_no": out_trade_no})
        except PlatformRejected as exc:
            if exc.code == "ACQ.TRADE_NOT_EXIST":
                return  # never created there: nothing to close
            if exc.code == "ACQ.TRADE_STATUS_ERROR":
                raise PlatformRejected("ORDERPAID", "the trade was paid") from exc
            raise

    async def refund(self, request: RefundRequest) -> RefundResult:
        biz = {
            "out_trade_no": request.out_trade_no,
            "refund_amount": fen_to_yuan(request.refund_fen),
            "out_request_no": request.out_refund_no,
            "refund_reason": request.reason,
        }
        answer = await self._call("alipay.trade.refund", biz)
        # fund_change "N" on a repeated out_request_no: the refund was made by the first call
        return RefundResult(succeeded=True, platform_refund_no=answer.get("trade_no"))

    async def query_refund(self, request: RefundRequest) -> RefundResult:
        biz = {"out_trade_no": request.out_trade_no, "out_request_no": request.out_refund_no}
        answer = await self._call("alipay.trade.fastpay.refund.query", biz)
        return RefundResult(succeeded=answer.get("refund_status") == "REFUND_SUCCESS")

    async def download_bill(self, day: date) -> list[BillRow]:
        biz = {"bill_type": "trade", "bill_date": day.isoformat()}
        answer = await self._call("alipay.data.dataservice.bill.downloadurl.query", biz)
        try:
            # the URL lives about 30 seconds: fetched at once, nothing in between
            response = await self.http.get(str(answer["bill_download_url"]))
        except httpx.HTTPError as exc:
            raise PlatformUnavailable(f"bill download failed: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise PlatformUnavailable(f"bill download answered {response.status_code}")
        return parse_bill_zip(response.content)
