"""A fake of the Alipay OpenAPI gateway for ``alipay.open.app.qrcode.create``, speaking the real
v2 protocol over HTTP: it verifies the request's RSA2 signature with the app's public key (its own
canonical string, not ours), checks the Beijing timestamp, and signs the raw text of its response
object with its own private key. It pretty-prints that object and escapes slashes, as Alipay does,
so that only a verifier working on the raw bytes passes. It also serves the code images."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

import segno
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

CDN = "https://mdn.alipayobjects.test"
RESPONSE_KEY = "alipay_open_app_qrcode_create_response"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeAlipayQrCode:
    app_id: str
    app_public_key: rsa.RSAPublicKey
    alipay_key: rsa.RSAPrivateKey = field(default_factory=new_key)
    queued: list[dict[str, Any]] = field(default_factory=list)  # business failures to answer with
    tamper_next: bool = False
    forge_with: rsa.RSAPrivateKey | None = None
    requests: list[dict[str, str]] = field(default_factory=list)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/gateway.do", self._gateway, methods=["POST"]),
                Route("/qr/{name}", self._image, methods=["GET"]),
            ]
        )

    async def _gateway(self, request: Request) -> Response:
        params = dict(parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True))
        self.requests.append(params)
        problem = self._check(params)
        if problem:
            return self._answer("error_response", {"code": "40002", "msg": "Invalid Arguments", **problem})
        biz = json.loads(params["biz_content"])
        if self.queued:
            return self._answer(RESPONSE_KEY, self.queued.pop(0))
        name = f"{biz['query_param'].split('=', 1)[1]}.png"
        return self._answer(
            RESPONSE_KEY,
            {
                "code": "10000",
                "msg": "Success",
                "qr_code_url": f"{CDN}/qr/{name}",
                "qr_code_url_circle_white": f"{CDN}/qr/w-{name}",
                "qr_code_url_circle_blue": f"{CDN}/qr/b-{name}",
            },
        )

    def _check(self, params: dict[str, str]) -> dict[str, str] | None:
        canonical = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign" and v)
        try:
            self.app_public_key.verify(
                base64.b64decode(params.get("sign", "")),
                canonical.encode(),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except (InvalidSignature, ValueError):
            return {
                "sub_code": "isv.invalid-signature",
                "sub_msg": f"验签出错，网关生成的验签字符串为：{canonical}",
            }
        if params.get("app_id") != self.app_id:
            return {"sub_code": "isv.invalid-app-id", "sub_msg": "无效的AppID参数"}
        beijing = ZoneInfo("Asia/Shanghai")
        sent = dt.datetime.strptime(params.get("timestamp", ""), "%Y-%m-%d %H:%M:%S").replace(tzinfo=beijing)
        if abs((dt.datetime.now(beijing) - sent).total_seconds()) > 900:
            return {"sub_code": "isv.invalid-timestamp", "sub_msg": "非法的时间戳参数"}
        return None

    def _answer(self, key: str, payload: dict[str, Any]) -> Response:
        # Alipay's style: spaces after colons and escaped slashes; the signature covers exactly this text
        inner = json.dumps(payload, ensure_ascii=False, indent=1).replace("/", "\\/")
        signer = self.forge_with or self.alipay_key
        signature = base64.b64encode(
            signer.sign(inner.encode(), padding.PKCS1v15(), hashes.SHA256())
        ).decode()
        if self.tamper_next:
            self.tamper_next = False
            inner = inner.replace("mdn.alipayobjects.test", "images.attacker.test")
        body = f'{{"{key}":{inner},"sign":"{signature}"}}'
        return Response(body.encode(), media_type="application/json;charset=utf-8")

    async def _image(self, request: Request) -> Response:
        image = io.BytesIO()
        segno.make(f"alipays://{request.path_params['name']}", error="m").save(image, kind="png", scale=4)
        return Response(image.getvalue(), media_type="image/png")
