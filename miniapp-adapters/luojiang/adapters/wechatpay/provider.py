"""WeChat Pay API v3 through wechatpayv3's async client: JSAPI in the mini-program, H5 in a phone
browser (``/v3/pay/transactions/h5``: ``scene_info.payer_client_ip``, answers ``h5_url``) and APP
in the Happy Luojiang app (``/v3/pay/transactions/app``: answers ``prepay_id``, which the app's
SDK takes with parameters signed by the merchant key).

Two things of the client are set from outside after construction, because its constructor
takes neither: the gateway (``_core._gate_way``, hard-coded to the production host) and the
HTTP client (``_core._client``, otherwise created in ``__aenter__`` with no transport of ours).
Both are plain attributes of wechatpayv3 2.0.4, which is pinned for that reason
(``tests/architecture/test_library_internals.py`` fails when an upgrade moves them). Its response
check (signature by the WeChat Pay public key) is kept; its errors, bare ``Exception``s, are
translated here into the core's retryable and terminal errors.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import secrets
import time
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import httpx

# the async client has its own WeChatPayType enum; the top-level one is not equal to it
from wechatpayv3.async_ import AsyncWeChatPay, WeChatPayType

from luojiang.adapters.wechatpay.bill import parse_trade_bill
from luojiang.adapters.wechatpay.config import WeChatPayConfig
from luojiang.core.payments.models import PayChannel
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
_PAID_STATES = {"SUCCESS", "REFUND"}
_PENDING_STATES = {"NOTPAY", "USERPAYING"}


class WeChatPayProvider:
    channel = PayChannel.WECHATPAY

    def __init__(self, config: WeChatPayConfig, http: httpx.AsyncClient) -> None:
        self.app_id = config.appid
        self.config = config
        self.scenes = frozenset(
            {PayScene.MINI_PROGRAM, PayScene.H5} | ({PayScene.APP} if config.app_appid else set())
        )
        self.client = AsyncWeChatPay(
            wechatpay_type=WeChatPayType.MINIPROG,
            mchid=config.mchid,
            private_key=config.merchant_private_key_pem,
            cert_serial_no=config.merchant_serial,
            appid=config.appid,
            apiv3_key=config.apiv3_key,
            notify_url=config.notify_url,
            public_key=config.public_key_pem,
            public_key_id=config.public_key_id,
        )
        self.client._core._gate_way = config.api_base.rstrip("/")
        self.client._core._client = http

    async def create_payment(self, request: PaymentRequest) -> dict[str, str]:
        common = {
            "description": request.description,
            "out_trade_no": request.out_trade_no,
            "amount": {"total": request.amount_fen, "currency": "CNY"},
            "time_expire": request.expires_at.astimezone(SHANGHAI).isoformat(timespec="seconds"),
        }
        if request.scene is PayScene.H5:
            scene_info = {"payer_client_ip": request.client_ip, "h5_info": {"type": "Wap"}}
            code, text = await self._call(
                self.client.pay, **common, scene_info=scene_info, pay_type=WeChatPayType.H5
            )
            return {"h5Url": str(_body(code, text)["h5_url"])}
        if request.scene is PayScene.APP:
            code, text = await self._call(
                self.client.pay, **common, appid=self.config.app_appid, pay_type=WeChatPayType.APP
            )
            return self.app_params(str(_body(code, text)["prepay_id"]))
        code, text = await self._call(
            self.client.pay, **common, payer={"openid": request.payer_openid}, pay_type=WeChatPayType.MINIPROG
        )
        prepay_id = _body(code, text)["prepay_id"]
        return self.pay_sheet(str(prepay_id))

    def app_params(self, prepay_id: str) -> dict[str, str]:
        """What the app's OpenSDK PayReq takes: signed over appid, timestamp, noncestr, prepayid
        (each line ending in a newline) with the merchant key, as the JSAPI sheet is."""
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        return {
            "appid": self.config.app_appid,
            "partnerid": self.config.mchid,
            "prepayid": prepay_id,
            "package": "Sign=WXPay",
            "noncestr": nonce,
            "timestamp": timestamp,
            "sign": self.client.sign([self.config.app_appid, timestamp, nonce, prepay_id]),
        }

    def pay_sheet(self, prepay_id: str) -> dict[str, str]:
        """What ``wx.requestPayment`` takes; appId is signed but not passed (ref/wechat.md 3.4)."""
        timestamp, nonce, package = str(int(time.time())), secrets.token_hex(16), f"prepay_id={prepay_id}"
        pay_sign = self.client.sign([self.config.appid, timestamp, nonce, package])
        return {
            "timeStamp": timestamp,
            "nonceStr": nonce,
            "package": package,
            "signType": "RSA",
            "paySign": pay_sign,
        }

    async def query_payment(self, out_trade_no: str) -> TradeInfo:
        code, text = await self._call(self.client.query, out_trade_no=out_trade_no)
        if code == 404:
            return TradeInfo(TradeStatus.NOT_FOUND, out_trade_no)
        body = _body(code, text)
        state = str(body.get("trade_state", ""))
        if state in _PAID_STATES:
            status = TradeStatus.PAID
        elif state in _PENDING_STATES:
            status = TradeStatus.PENDING
        else:
            status = TradeStatus.CLOSED
        amount = body.get("amount") or {}
        return TradeInfo(status, out_trade_no, body.get("transaction_id"), amount.get("total"))

    async def close_payment(self, out_trade_no: str) -> None:
        code, text = await self._call(self.client.close, out_trade_no=out_trade_no)
        if code != 204:
            _body(code, text)

    async def refund(self, request: RefundRequest) -> RefundResult:
        code, text = await self._call(
            self.client.refund,
            out_refund_no=request.out_refund_no,
            out_trade_no=request.out_trade_no,
            amount={"refund": request.refund_fen, "total": request.total_fen, "currency": "CNY"},
            reason=request.reason,
        )
        return _refund_result(_body(code, text))

    async def query_refund(self, request: RefundRequest) -> RefundResult:
        code, text = await self._call(self.client.query_refund, out_refund_no=request.out_refund_no)
        return _refund_result(_body(code, text))

    async def download_bill(self, day: date) -> list[BillRow]:
        code, text = await self._call(self.client.trade_bill, bill_date=day.isoformat(), bill_type="SUCCESS")
        listing = _body(code, text)
        code, content = await self._call(self.client.download_bill, url=str(listing["download_url"]))
        if code != 200 or not isinstance(content, bytes):
            raise PlatformUnavailable(f"bill download answered {code}")
        raw = gzip.decompress(content)
        if hashlib.sha1(raw, usedforsecurity=False).hexdigest() != str(listing["hash_value"]).lower():
            raise PlatformUnavailable("the bill does not match its hash")
        return parse_trade_bill(raw.decode("utf-8-sig"))

    async def _call(self, method: Any, **arguments: Any) -> tuple[int, Any]:
        try:
            code, text = await method(**arguments)
        except httpx.HTTPError as exc:
            raise PlatformUnavailable(f"WeChat Pay unreachable: {type(exc).__name__}") from exc
        except Exception as exc:  # wechatpayv3 raises bare Exception for a response it cannot verify
            raise PlatformUnavailable(f"WeChat Pay answer refused: {exc}") from exc
        return int(code), text


def _body(code: int, text: Any) -> dict[str, Any]:
    try:
        body: dict[str, Any] = json.loads(text) if text else {}
    except (TypeError, ValueError) as exc:
        raise PlatformUnavailable(f"WeChat Pay answered {code} without JSON") from exc
    if 200 <= code < 300:
        return body
    error = str(body.get("code", "UNKNOWN"))
    if code >= 500 or error in {"SYSTEM_ERROR", "FREQUENCY_LIMITED", "BANK_ERROR"}:
        raise PlatformUnavailable(f"{code} {error}")
    raise PlatformRejected(error, str(body.get("message", "")))


def _refund_result(body: dict[str, Any]) -> RefundResult:
    return RefundResult(succeeded=body.get("status") == "SUCCESS", platform_refund_no=body.get("refund_id"))
