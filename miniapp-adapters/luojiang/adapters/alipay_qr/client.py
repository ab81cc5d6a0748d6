"""``alipay.open.app.qrcode.create`` through the shared Alipay gateway client (ref/alipay.md 4).

The gateway signs the request with the app key and verifies the answer with Alipay's key (key or
certificate mode) before anything in it is believed; the code image is then downloaded from
``qr_code_url`` and kept by us (the platform's URL is not for hot-linking).
"""

from __future__ import annotations

from typing import Any

import httpx

from luojiang.adapters.alipay.gateway import AlipayGateway, ForgedResponse, GatewayUnreachable
from luojiang.core.tourism.ports import CodeImage, CodeRequest, UpstreamRefused, UpstreamUnavailable

METHOD = "alipay.open.app.qrcode.create"
RETRYABLE_CODES = frozenset({"20000", "40005"})  # service unavailable, rate limited
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png"}


class AlipayCodeMaker:
    def __init__(self, gateway: AlipayGateway, page: str) -> None:
        self.gateway = gateway
        self.page = page

    async def make(self, request: CodeRequest) -> CodeImage:
        biz = {
            "url_param": self.page,
            "query_param": f"c={request.point_code}",
            "describe": request.point_name,
        }
        answer = await self._call(biz)
        url = answer.get("qr_code_url")
        if not isinstance(url, str) or not url.startswith("https://"):
            raise UpstreamRefused("alipay qrcode.create answered without an https qr_code_url")
        return await self._download(url)

    async def _call(self, biz: dict[str, str]) -> dict[str, Any]:
        try:
            answer = await self.gateway.call(METHOD, biz)
        except GatewayUnreachable as exc:
            raise UpstreamUnavailable(f"alipay {METHOD}: {exc}") from exc
        except ForgedResponse as exc:
            raise UpstreamRefused(f"alipay {METHOD}: {exc}") from exc
        code, sub_code = str(answer.get("code", "")), answer.get("sub_code")
        if code == "10000" and not sub_code:
            return answer
        reason = str(answer.get("sub_msg") or answer.get("msg"))[:120]
        message = f"alipay {METHOD} {code} {sub_code or ''}: {reason}"
        raise (UpstreamUnavailable if code in RETRYABLE_CODES else UpstreamRefused)(message)

    async def _download(self, url: str) -> CodeImage:
        try:
            response = await self.gateway.http.get(url)
        except httpx.HTTPError as exc:
            raise UpstreamUnavailable(f"alipay code image unreachable: {type(exc).__name__}") from exc
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if response.status_code != 200 or media_type not in IMAGE_TYPES:
            raise UpstreamUnavailable(f"alipay code image HTTP {response.status_code} {media_type}")
        return CodeImage(response.content, media_type, IMAGE_TYPES[media_type])
