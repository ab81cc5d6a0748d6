"""A WeChat Pay API v3 simulator: a Starlette app that checks every request's
``WECHATPAY2-SHA256-RSA2048`` signature with the merchant's public key, signs every answer with
the WeChat Pay "platform" key (public-key mode), and builds signed, AES-256-GCM-encrypted
notifications. Signing here is plain ``cryptography``, independent of the adapter's wechatpayv3.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.keys import KeyPair

MCHID = "1900000109"
APPID = "wx8888888888888888"
APP_APPID = "wxa9999999999999ff"  # the mobile app's appid on the Open Platform, bound to MCHID
MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
PUBLIC_KEY_ID = "PUB_KEY_ID_0119000001092024"
_AUTH = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class WeChatPayFake:
    merchant: KeyPair
    platform: KeyPair
    apiv3_key: str = field(default_factory=lambda: secrets.token_hex(16))
    base_url: str = "https://wechatpay.test"
    trades: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    rejected_signatures: int = 0
    app_prepay_ids: dict[str, str] = field(default_factory=dict)  # prepay_id -> out_trade_no

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v3/pay/transactions/jsapi", self._prepay, methods=["POST"]),
                Route("/v3/pay/transactions/h5", self._h5, methods=["POST"]),
                Route("/v3/pay/transactions/app", self._app_prepay, methods=["POST"]),
                Route("/v3/pay/transactions/out-trade-no/{no}", self._query),
                Route("/v3/pay/transactions/out-trade-no/{no}/close", self._close, methods=["POST"]),
                Route("/v3/refund/domestic/refunds", self._refund, methods=["POST"]),
                Route("/v3/refund/domestic/refunds/{no}", self._refund_query),
                Route("/v3/bill/tradebill", self._bill),
                Route("/v3/billdownload/file", self._bill_file),
            ]
        )

    # -- the platform's side of a payment -------------------------------------------------

    def pay(self, out_trade_no: str) -> dict[str, Any]:
        trade = self.trades[out_trade_no]
        trade.update(trade_state="SUCCESS", transaction_id=f"4200{secrets.randbelow(10**24):024d}")
        return trade

    def notification(
        self, trade: dict[str, Any], event_id: str | None = None, timestamp: int | None = None
    ) -> tuple[dict[str, str], bytes]:
        resource = {
            "appid": trade["appid"],
            "mchid": trade["mchid"],
            "out_trade_no": trade["out_trade_no"],
            "transaction_id": trade["transaction_id"],
            "trade_type": "JSAPI",
            "trade_state": "SUCCESS",
            "trade_state_desc": "支付成功",
            "success_time": "2026-11-28T10:00:00+08:00",
            "payer": trade["payer"],
            "amount": {
                "total": trade["amount"]["total"],
                "payer_total": trade["amount"]["total"],
                "currency": "CNY",
            },
        }
        return self.envelope("TRANSACTION.SUCCESS", "transaction", resource, event_id, timestamp)

    def envelope(
        self,
        event_type: str,
        original_type: str,
        resource: dict[str, Any],
        event_id: str | None = None,
        timestamp: int | None = None,
    ) -> tuple[dict[str, str], bytes]:
        nonce = secrets.token_hex(6)  # 12 characters, as WeChat Pay's
        ciphertext = AESGCM(self.apiv3_key.encode()).encrypt(
            nonce.encode(), json.dumps(resource, ensure_ascii=False).encode(), original_type.encode()
        )
        body = json.dumps(
            {
                "id": event_id or f"EV-{secrets.token_hex(8)}",
                "create_time": "2026-11-28T10:00:01+08:00",
                "resource_type": "encrypt-resource",
                "event_type": event_type,
                "summary": "支付成功",
                "resource": {
                    "original_type": original_type,
                    "algorithm": "AEAD_AES_256_GCM",
                    "ciphertext": base64.b64encode(ciphertext).decode(),
                    "associated_data": original_type,
                    "nonce": nonce,
                },
            },
            ensure_ascii=False,
        ).encode()
        return self.signed_headers(body, timestamp), body

    def signed_headers(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        stamp, nonce = str(timestamp or int(time.time())), secrets.token_hex(16)
        return {
            "Wechatpay-Timestamp": stamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": self.platform.sign(f"{stamp}\n{nonce}\n".encode() + body + b"\n"),
            "Wechatpay-Serial": PUBLIC_KEY_ID,
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
            "Content-Type": "application/json",
        }

    # -- the API ------------------------------------------------------------------------------

    async def _checked(self, request: Request) -> bytes | Response:
        body = await request.body()
        auth = request.headers.get("authorization", "")
        fields = dict(_AUTH.findall(auth))
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        message = (
            f"{request.method}\n{target}\n{fields.get('timestamp')}\n{fields.get('nonce_str')}\n".encode()
        )
        good = (
            auth.startswith("WECHATPAY2-SHA256-RSA2048 ")
            and fields.get("mchid") == MCHID
            and fields.get("serial_no") == MERCHANT_SERIAL
            and request.headers.get("wechatpay-serial") == PUBLIC_KEY_ID
            and abs(time.time() - int(fields.get("timestamp", "0"))) < 300
            and self.merchant.verifies(message + body + b"\n", fields.get("signature", ""))
        )
        if not good:
            self.rejected_signatures += 1
            return self._answer(401, {"code": "SIGN_ERROR", "message": "签名错误"})
        return body

    def _answer(self, status: int, payload: dict[str, Any] | None = None) -> Response:
        body = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else b""
        return Response(body, status_code=status, headers=self.signed_headers(body))

    async def _prepay(self, request: Request) -> Response:
        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        order = json.loads(checked)
        known = self.trades.get(order["out_trade_no"])
        if known is not None and known["amount"] != order["amount"]:
            return self._answer(400, {"code": "INVALID_REQUEST", "message": "商户订单号重复"})
        if order["mchid"] != MCHID or order["appid"] != APPID or not order.get("payer", {}).get("openid"):
            return self._answer(400, {"code": "PARAM_ERROR", "message": "参数错误"})
        self.trades.setdefault(order["out_trade_no"], {**order, "trade_state": "NOTPAY"})
        return self._answer(200, {"prepay_id": f"wx{hashlib.sha256(checked).hexdigest()[:30]}"})

    async def _h5(self, request: Request) -> Response:
        """H5: no payer; the payer's IP is required; answers the page the browser is sent to."""
        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        order = json.loads(checked)
        scene = order.get("scene_info") or {}
        if order["mchid"] != MCHID or order["appid"] != APPID or "payer" in order:
            return self._answer(400, {"code": "PARAM_ERROR", "message": "参数错误"})
        if not scene.get("payer_client_ip") or (scene.get("h5_info") or {}).get("type") not in {
            "Wap",
            "iOS",
            "Android",
        }:
            return self._answer(400, {"code": "PARAM_ERROR", "message": "scene_info 参数错误"})
        if not self._remember(order):
            return self._answer(400, {"code": "INVALID_REQUEST", "message": "商户订单号重复"})
        prepay = f"wx{hashlib.sha256(checked).hexdigest()[:30]}"
        page = f"https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id={prepay}&package=1037687096"
        return self._answer(200, {"h5_url": page})

    async def _app_prepay(self, request: Request) -> Response:
        """APP: the Open Platform app's appid, no payer; answers the prepay_id the SDK takes."""
        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        order = json.loads(checked)
        if order["mchid"] != MCHID or order["appid"] != APP_APPID or "payer" in order:
            return self._answer(400, {"code": "PARAM_ERROR", "message": "参数错误"})
        if not self._remember(order):
            return self._answer(400, {"code": "INVALID_REQUEST", "message": "商户订单号重复"})
        prepay_id = f"wx{hashlib.sha256(checked).hexdigest()[:30]}"
        self.app_prepay_ids[prepay_id] = order["out_trade_no"]
        return self._answer(200, {"prepay_id": prepay_id})

    def _remember(self, order: dict[str, Any]) -> bool:
        known = self.trades.get(order["out_trade_no"])
        if known is not None and known["amount"] != order["amount"]:
            return False
        payer = {"openid": f"o{secrets.token_hex(14)}"}  # whoever pays in the browser or the app
        self.trades.setdefault(order["out_trade_no"], {**order, "payer": payer, "trade_state": "NOTPAY"})
        return True

    async def _query(self, request: Request) -> Response:
        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        trade = self.trades.get(request.path_params["no"])
        if trade is None:
            return self._answer(404, {"code": "ORDER_NOT_EXIST", "message": "订单不存在"})
        return self._answer(
            200, {k: trade.get(k) for k in ("out_trade_no", "transaction_id", "trade_state", "amount")}
        )

    async def _close(self, request: Request) -> Response:
        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        trade = self.trades[request.path_params["no"]]
        if trade["trade_state"] == "SUCCESS":
            return self._answer(400, {"code": "ORDERPAID", "message": "该订单已支付"})
        trade["trade_state"] = "CLOSED"
        return self._answer(204)

    async def _refund(self, request: Request) -> Response:
        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        ask = json.loads(checked)
        refund = self.refunds.setdefault(
            ask["out_refund_no"],
            {**ask, "refund_id": f"5030{secrets.randbelow(10**24):024d}", "status": "SUCCESS"},
        )
        return self._answer(200, {k: refund[k] for k in ("out_refund_no", "refund_id", "status", "amount")})

    async def _refund_query(self, request: Request) -> Response:
        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        refund = self.refunds.get(request.path_params["no"])
        if refund is None:
            return self._answer(404, {"code": "RESOURCE_NOT_EXISTS", "message": "退款单不存在"})
        return self._answer(200, {k: refund[k] for k in ("out_refund_no", "refund_id", "status", "amount")})

    def bill_csv(self) -> bytes:
        header = ",".join(
            [
                "交易时间",
                "公众账号ID",
                "商户号",
                "特约商户号",
                "设备号",
                "微信订单号",
                "商户订单号",
                "用户标识",
                "交易类型",
                "交易状态",
                "订单金额",
            ]
        )
        rows = []
        for no, t in self.trades.items():
            if t["trade_state"] == "SUCCESS":
                values = [
                    "2026-11-27 10:00:00",
                    APPID,
                    MCHID,
                    "0",
                    "",
                    t["transaction_id"],
                    no,
                    "o-user",
                    "JSAPI",
                ]
                rows.append(",".join(f"`{v}" for v in [*values, "SUCCESS", yuan(t["amount"]["total"])]))
        summary = "总交易单数,应结订单总金额\n`1,`0.00"
        return "\n".join([header, *rows, summary]).encode("utf-8")

    async def _bill(self, request: Request) -> Response:
        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        raw = self.bill_csv()
        return self._answer(
            200,
            {
                "hash_type": "SHA1",
                "hash_value": hashlib.sha1(raw, usedforsecurity=False).hexdigest(),
                "download_url": f"{self.base_url}/v3/billdownload/file?token={secrets.token_hex(8)}",
            },
        )

    async def _bill_file(self, request: Request) -> Response:
        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        # the file itself is not signed (ref/wechat.md 3.9)
        return Response(gzip.compress(self.bill_csv()), media_type="application/octet-stream")


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"
