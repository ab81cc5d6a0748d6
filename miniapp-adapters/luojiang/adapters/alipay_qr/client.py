"""``alipay.open.app.qrcode.create`` through the OpenAPI v2 gateway (ref/alipay.md 4).

The request is signed with the app's private key; the response is verified with Alipay's public
key before anything in it is believed; the code image is then downloaded from ``qr_code_url`` and
kept by us (the platform's URL is not for hot-linking).
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa

from luojiang.adapters.alipay_qr import signing
from luojiang.core.tourism.ports import CodeImage, CodeRequest, UpstreamRefused, UpstreamUnavailable

METHOD = "alipay.open.app.qrcode.create"
SHANGHAI = ZoneInfo("Asia/Shanghai")
RETRYABLE_CODES = frozenset({"20000", "40005"})  # service unavailable, rate limited
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png"}


class AlipayCodeMaker:
    def __init__(
        self,
        http: httpx.AsyncClient,
        gateway_url: str,
        app_id: str,
        app_private_key: rsa.RSAPrivateKey,
        alipay_public_key: rsa.RSAPublicKey,
        page: str,
    ) -> None:
        self.http = http
        self.gateway_url = gateway_url
        self.app_id = app_id
        self.private_key = app_private_key
        self.alipay_public_key = alipay_public_key
        self.page = page

    async def make(self, request: CodeRequest) -> CodeImage:
        body = await self._call(
            {"url_param": self.page, "query_param": f"c={request.point_code}", "describe": request.point_name}
        )
        url = body.get("qr_code_url")
        if not isinstance(url, str) or not url.startswith("https://"):
            raise UpstreamRefused("alipay qrcode.create answered without an https qr_code_url")
        return await self._download(url)

    def signed_params(self, biz: dict[str, str], now: dt.datetime | None = None) -> dict[str, str]:
        params = {
            "app_id": self.app_id,
            "method": METHOD,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            # Beijing time, whatever the host's zone (ref/alipay.md 2.2)
            "timestamp": (now or dt.datetime.now(dt.UTC)).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
            "version": "1.0",
            "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":")),
        }
        params["sign"] = signing.sign(signing.string_to_sign(params), self.private_key)
        return params

    async def _call(self, biz: dict[str, str]) -> dict[str, object]:
        try:
            response = await self.http.post(self.gateway_url, data=self.signed_params(biz))
        except httpx.TransportError as exc:
            raise UpstreamUnavailable(f"alipay gateway unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 500:
            raise UpstreamUnavailable(f"alipay gateway HTTP {response.status_code}")
        text = response.content.decode("utf-8", "replace")
        try:
            part = signing.signed_part(text, METHOD)
        except (ValueError, IndexError) as exc:
            raise UpstreamUnavailable("alipay gateway answered with a body that is not JSON") from exc
        if part is None:
            raise UpstreamRefused("alipay gateway answered without a response object")
        raw, signature = part
        if signature is None or not signing.verify(raw, signature, self.alipay_public_key):
            raise UpstreamRefused("alipay response signature does not verify with the Alipay public key")
        payload: dict[str, object] = json.loads(raw)
        code, sub_code = str(payload.get("code", "")), payload.get("sub_code")
        if code == "10000" and not sub_code:
            return payload
        reason = str(payload.get("sub_msg") or payload.get("msg"))[:120]
        message = f"alipay {METHOD} {code} {sub_code or ''}: {reason}"
        raise (UpstreamUnavailable if code in RETRYABLE_CODES else UpstreamRefused)(message)

    async def _download(self, url: str) -> CodeImage:
        try:
            response = await self.http.get(url)
        except httpx.TransportError as exc:
            raise UpstreamUnavailable(f"alipay code image unreachable: {type(exc).__name__}") from exc
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if response.status_code != 200 or media_type not in IMAGE_TYPES:
            raise UpstreamUnavailable(f"alipay code image HTTP {response.status_code} {media_type}")
        return CodeImage(response.content, media_type, IMAGE_TYPES[media_type])
