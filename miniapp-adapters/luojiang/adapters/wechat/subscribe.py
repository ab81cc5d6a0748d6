"""WeChat subscribe messages: ``POST /cgi-bin/message/subscribe/send`` (ref/wechat.md 2.1).

Values are cut to their key type's limit here (a ``thing`` holds 20 characters, a ``phrase`` 5),
or WeChat refuses the whole message with 47003. 43101 (the person refused, or has no subscription
left) and the other errors about the message itself fail it; 40001/42001 drop the shared access
token and try once more; anything else is WeChat's trouble and is retried later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from luojiang.adapters.wechat.access_token import StableAccessToken
from luojiang.adapters.wechat.errors import TOKEN_REJECTED, errcode
from luojiang.core.identity.ports import PlatformUnavailable
from luojiang.core.notifications.ports import Outgoing, SendRefused, SendUnavailable

REFUSALS = {
    43101: "SUBSCRIPTION_REFUSED",
    40003: "BAD_OPENID",
    40037: "BAD_TEMPLATE",
    47003: "BAD_DATA",
    41030: "BAD_PAGE",
}
# our template values → the template's keys and their WeChat key types (limit per type)
FIELDS = {
    "case_number": ("character_string1", 32),
    "matter": ("thing2", 20),
    "state": ("phrase3", 5),
    "time": ("time4", 32),
    "note": ("thing5", 20),
}


@dataclass
class WeChatSubscribeSender:
    http: httpx.AsyncClient
    tokens: StableAccessToken
    api_base: str
    templates: Mapping[str, str]  # topic → template_id
    state: str = "formal"  # miniprogram_state: developer, trial or formal
    _token: str = ""  # the token of the last call, dropped if WeChat rejects it

    async def send(self, message: Outgoing) -> str:
        template = self.templates.get(message.topic)
        if not template:
            raise SendRefused("NO_TEMPLATE", message.topic)
        body = {
            "touser": message.recipient,
            "template_id": template,
            "page": message.page,
            "miniprogram_state": self.state,
            "lang": "zh_CN",
            "data": {
                key: {"value": message.data.get(name, "")[:limit]} for name, (key, limit) in FIELDS.items()
            },
        }
        answer = await self._post(body)
        if errcode(answer) in TOKEN_REJECTED:
            await self.tokens.drop(self._token)
            answer = await self._post(body)
        code = errcode(answer)
        if code == 0:
            return str(answer.get("msgid", ""))
        if code in REFUSALS:
            raise SendRefused(REFUSALS[code], str(answer.get("errmsg", "")))
        raise SendUnavailable(f"WeChat errcode {code}")

    async def _post(self, body: dict[str, Any]) -> Any:
        try:
            self._token = await self.tokens.get()
            response = await self.http.post(
                f"{self.api_base}/cgi-bin/message/subscribe/send",
                params={"access_token": self._token},
                json=body,
            )
            return response.json()
        except (httpx.HTTPError, ValueError, PlatformUnavailable) as exc:
            raise SendUnavailable("WeChat subscribeMessage.send did not answer") from exc
