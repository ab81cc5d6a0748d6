"""An Alipay OpenAPI (gateway.do) simulator: checks each request's RSA2 signature with the app's
public key, answers like the real gateway (pretty-printed, ``\\/`` escapes, a brace inside a
string, signed over the exact inner text with the "Alipay" key), serves the bill zip (GBK CSV)
from a short-lived URL, and builds signed notifications."""

from __future__ import annotations

import io
import json
import re
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.keys import KeyPair

APP_ID = "2021000000000001"
SELLER_ID = "2088000000000001"
_YUAN = re.compile(r"^\d+\.\d{2}$")
_PAYER_METHODS = {"alipay.trade.wap.pay": "QUICK_WAP_WAY", "alipay.trade.app.pay": "QUICK_MSECURITY_PAY"}


def beijing_time(epoch: float) -> str:
    """Alipay's times: Beijing wall-clock time without a zone."""
    return datetime.fromtimestamp(epoch, ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M:%S")


def to_fen(yuan: str) -> int:
    whole, cents = yuan.split(".")
    return int(whole) * 100 + int(cents)


def to_yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


class TemplateMessages:
    """``alipay.open.app.mini.templatemessage.send`` (mixed into :class:`AlipayFake`)."""

    templates: set[str]
    blocked_users: set[str]
    messages: list[dict[str, Any]]

    def _alipay_open_app_mini_templatemessage_send(
        self, biz: dict[str, Any], _: dict[str, str]
    ) -> dict[str, Any]:
        if biz.get("user_template_id") not in self.templates:
            return _failure("USER_TEMPLATE_ILLEGAL")
        if biz.get("to_open_id") in self.blocked_users:
            return _failure("USER_NOT_EXIST")
        data = json.loads(biz["data"])
        if any(len(slot["value"]) > 20 for slot in data.values()):
            return _failure("INVALID_PARAMETER")
        self.messages.append({**biz, "data": data})
        return {"code": "10000", "msg": "Success"}


@dataclass
class AlipayFake(TemplateMessages):
    app: KeyPair  # the merchant app's key pair: we verify its requests with the public half
    alipay: KeyPair  # "Alipay's" key pair: answers and notifications are signed with it
    base_url: str = "https://alipay.test"
    trades: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    bill_links: dict[str, float] = field(default_factory=dict)
    rejected_signatures: int = 0
    requests: list[dict[str, str]] = field(default_factory=list)
    templates: set[str] = field(default_factory=set)
    blocked_users: set[str] = field(default_factory=set)
    messages: list[dict[str, Any]] = field(default_factory=list)

    def asgi(self) -> Starlette:
        return Starlette(
            routes=[
                # GET: a page the payer's browser opens (wap.pay) or the order string the app's SDK sends
                Route("/gateway.do", self._gateway, methods=["GET", "POST"]),
                Route("/bill/{token}", self._bill_file),
            ]
        )

    def pay(self, out_trade_no: str) -> dict[str, Any]:
        trade = self.trades[out_trade_no]
        trade["status"] = "TRADE_SUCCESS"
        return trade

    def notification_params(self, trade: dict[str, Any], **changes: str) -> dict[str, str]:
        params = {
            "notify_time": beijing_time(time.time()),
            "notify_type": "trade_status_sync",
            "notify_id": f"ac05{secrets.token_hex(12)}",
            "app_id": APP_ID,
            "charset": "utf-8",
            "version": "1.0",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "buyer_open_id": trade["buyer_open_id"],
            "seller_id": SELLER_ID,
            "trade_status": trade["status"],
            "total_amount": trade["total_amount"],
            "receipt_amount": trade["total_amount"],
            "subject": trade["subject"],
            "gmt_payment": "2026-11-28 10:00:00",
            "fund_bill_list": json.dumps([{"amount": trade["total_amount"], "fundChannel": "ALIPAYACCOUNT"}]),
        }
        params.update(changes)
        return params

    def sign_notification(self, params: dict[str, str], key: KeyPair | None = None) -> bytes:
        content = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v != "")
        signed = {**params, "sign_type": "RSA2", "sign": (key or self.alipay).sign(content.encode())}
        return urlencode(signed).encode()

    def notification(self, trade: dict[str, Any], **changes: str) -> bytes:
        return self.sign_notification(self.notification_params(trade, **changes))

    async def _gateway(self, request: Request) -> Response:
        params = dict(parse_qsl(request.url.query)) | dict(parse_qsl((await request.body()).decode()))
        self.requests.append(params)
        content = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign" and v != "")
        if params.get("app_id") != APP_ID or not self.app.verifies(content.encode(), params.get("sign", "")):
            self.rejected_signatures += 1
            error = {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-signature"}
            return Response(json.dumps({"error_response": error}), media_type="application/json")
        method = params["method"]
        biz = json.loads(params.get("biz_content", "{}"))
        if method in _PAYER_METHODS:
            return self._cashier(method, biz, params)
        handler = getattr(self, "_" + method.replace(".", "_"))
        return self._answer(method, handler(biz, params))

    def _cashier(self, method: str, biz: dict[str, Any], params: dict[str, str]) -> Response:
        """The payer's side of wap.pay and app.pay: the signed request creates the trade, and
        Alipay shows its cashier (the payer pays there; tests then call ``pay``)."""
        if biz.get("product_code") != _PAYER_METHODS[method] or not params.get("notify_url"):
            return Response("<html>ACQ.INVALID_PARAMETER</html>", status_code=400, media_type="text/html")
        if not _YUAN.match(biz.get("total_amount", "")):
            return Response("<html>ACQ.INVALID_PARAMETER</html>", status_code=400, media_type="text/html")
        known = self.trades.get(biz["out_trade_no"])
        if known is not None and known["total_amount"] != biz["total_amount"]:
            return Response("<html>ACQ.CONTEXT_INCONSISTENT</html>", status_code=400, media_type="text/html")
        trade = self.trades.setdefault(
            biz["out_trade_no"],
            {
                **biz,
                "buyer_open_id": f"074a{secrets.token_hex(20)}",  # whoever logs in at the cashier
                "trade_no": f"2026{secrets.randbelow(10**24):024d}",
                "status": "WAIT_BUYER_PAY",
            },
        )
        return Response(f"<html>收银台 {trade['trade_no']}</html>", media_type="text/html")

    def _answer(self, method: str, payload: dict[str, Any]) -> Response:
        # pretty-printed, with "\/" and a "}" inside a string: only the raw text verifies
        inner = json.dumps({**payload, "note": "ok}"}, ensure_ascii=False, indent=2).replace("/", "\\/")
        key = method.replace(".", "_") + "_response"
        raw = f'{{"{key}": {inner},"sign":"{self.alipay.sign(inner.encode())}"}}'
        return Response(raw.encode(), media_type="application/json;charset=utf-8")

    def _alipay_trade_create(self, biz: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        if (
            biz.get("product_code") != "JSAPI_PAY"
            or not biz.get("buyer_open_id")
            or not params.get("notify_url")
        ):
            return _failure("ACQ.INVALID_PARAMETER")
        if not _YUAN.match(biz["total_amount"]):
            return _failure("ACQ.INVALID_PARAMETER")
        known = self.trades.get(biz["out_trade_no"])
        if known is not None and known["total_amount"] != biz["total_amount"]:
            return _failure("ACQ.CONTEXT_INCONSISTENT")
        trade = self.trades.setdefault(
            biz["out_trade_no"],
            {**biz, "trade_no": f"2026{secrets.randbelow(10**24):024d}", "status": "WAIT_BUYER_PAY"},
        )
        return {
            "code": "10000",
            "msg": "Success",
            "out_trade_no": trade["out_trade_no"],
            "trade_no": trade["trade_no"],
        }

    def _alipay_trade_query(self, biz: dict[str, Any], _: dict[str, str]) -> dict[str, Any]:
        trade = self.trades.get(biz["out_trade_no"])
        if trade is None:
            return _failure("ACQ.TRADE_NOT_EXIST")
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "trade_status": trade["status"],
            "total_amount": trade["total_amount"],
        }

    def _alipay_trade_close(self, biz: dict[str, Any], _: dict[str, str]) -> dict[str, Any]:
        trade = self.trades.get(biz["out_trade_no"])
        if trade is None:
            return _failure("ACQ.TRADE_NOT_EXIST")
        if trade["status"] != "WAIT_BUYER_PAY":
            return _failure("ACQ.TRADE_STATUS_ERROR")
        trade["status"] = "TRADE_CLOSED"
        return {"code": "10000", "msg": "Success", "trade_no": trade["trade_no"]}

    def _alipay_trade_refund(self, biz: dict[str, Any], _: dict[str, str]) -> dict[str, Any]:
        trade = self.trades[biz["out_trade_no"]]
        first = biz["out_request_no"] not in self.refunds
        self.refunds.setdefault(biz["out_request_no"], biz)
        refunded = sum(
            to_fen(r["refund_amount"])
            for r in self.refunds.values()
            if r["out_trade_no"] == trade["out_trade_no"]
        )
        change = "Y" if first else "N"
        return {
            "code": "10000",
            "msg": "OK",
            "trade_no": trade["trade_no"],
            "fund_change": change,
            "refund_fee": to_yuan(refunded),
        }

    def _alipay_trade_fastpay_refund_query(self, biz: dict[str, Any], _: dict[str, str]) -> dict[str, Any]:
        refund = self.refunds.get(biz["out_request_no"])
        if refund is None:
            return {"code": "10000", "msg": "Success"}
        return {
            "code": "10000",
            "msg": "Success",
            "refund_status": "REFUND_SUCCESS",
            "refund_amount": refund["refund_amount"],
        }

    def _alipay_data_dataservice_bill_downloadurl_query(
        self, biz: dict[str, Any], _: dict[str, str]
    ) -> dict[str, Any]:
        token = secrets.token_hex(8)
        self.bill_links[token] = time.monotonic() + 30
        return {"code": "10000", "msg": "Success", "bill_download_url": f"{self.base_url}/bill/{token}"}

    def bill_zip(self) -> bytes:
        lines = [
            "#支付宝业务明细查询",
            "#账号：[20880000000000010156]",
            "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,订单金额（元）,商家实收（元）",
        ]
        for no, t in self.trades.items():
            if t["status"] == "TRADE_SUCCESS":
                amount = t["total_amount"]
                times = "2026-11-27 10:00:00,2026-11-27 10:00:05"
                lines.append(f"{t['trade_no']}\t,{no}\t,交易,{t['subject']},{times},{amount},{amount}")
        lines += ["#-----------业务明细列表结束-----------", "#导出时间：[2026年11月28日 10:00:00]"]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("20880000000000010156_20261127_业务明细.csv", "\r\n".join(lines).encode("gbk"))
            archive.writestr("20880000000000010156_20261127_业务明细(汇总).csv", "#汇总\r\n".encode("gbk"))
        return buffer.getvalue()

    async def _bill_file(self, request: Request) -> Response:
        expires = self.bill_links.pop(request.path_params["token"], 0.0)
        if expires < time.monotonic():
            return Response("link expired", status_code=404)
        return Response(self.bill_zip(), media_type="application/zip")


def _failure(sub_code: str) -> dict[str, Any]:
    return {"code": "40004", "msg": "Business Failed", "sub_code": sub_code, "sub_msg": "业务失败"}
