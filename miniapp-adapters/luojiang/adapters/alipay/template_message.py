"""Alipay mini-program template messages: ``alipay.open.app.mini.templatemessage.send`` through the
signed gateway (RSA2 request, verified answer: ``gateway.py``).

A business refusal (``sub_code``: a bad template, a user who cannot receive it) fails the message;
no answer, an unsigned success or a forged answer is retried, never trusted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from luojiang.adapters.alipay.gateway import AlipayGateway, AlipayGatewayError
from luojiang.core.notifications.ports import Outgoing, SendRefused, SendUnavailable

METHOD = "alipay.open.app.mini.templatemessage.send"
# our template values → the template's keyword slots (keyword1..n), each at most 20 characters
KEYWORDS = ("case_number", "matter", "state", "time", "note")
BUSY = frozenset({"isp.unknow-error", "aop.ACQ.SYSTEM_ERROR", "isp.system-busy"})


@dataclass
class AlipayTemplateSender:
    gateway: AlipayGateway
    templates: Mapping[str, str]  # topic → user_template_id

    async def send(self, message: Outgoing) -> str:
        template = self.templates.get(message.topic)
        if not template:
            raise SendRefused("NO_TEMPLATE", message.topic)
        data = {
            f"keyword{i}": {"value": message.data.get(name, "")[:20]} for i, name in enumerate(KEYWORDS, 1)
        }
        biz = {
            "to_open_id": message.recipient,
            "user_template_id": template,
            "page": message.page,
            "data": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        }
        try:
            answer = await self.gateway.call(METHOD, biz)
        except AlipayGatewayError as exc:  # unreachable, or a forged answer: retried, never "sent"
            raise SendUnavailable(f"Alipay {METHOD}: {exc}") from exc
        if str(answer.get("code")) == "10000" and not answer.get("unsigned"):
            return f"alipay-{message.message_id}"
        sub_code = str(answer.get("sub_code") or answer.get("code"))
        if sub_code in BUSY or answer.get("unsigned"):
            raise SendUnavailable(f"Alipay answered {sub_code}")
        raise SendRefused(sub_code[:32], str(answer.get("sub_msg", "")))
