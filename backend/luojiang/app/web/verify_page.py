"""``/verify/{token}``: the page a verifier's phone opens from a licence's 亮证 QR code.

Server-rendered, a few kilobytes, no script. It shows the licence's essentials (type, issuer,
identifier, the holder's masked name, validity), whether its signature, validity and revocation
checks pass, and the fields the holder chose to show; nothing else. A forged, altered, guessed,
expired or already used token gets a page that says so and shows no data. Verification is
rate-limited per client address with the gateway's own limiter (GCRA in Redis).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from luojiang.api.protection.front_door import FrontDoor
from luojiang.api.protection.leases import Leases
from luojiang.api.protection.rate_limit import PREFIX, Budget
from luojiang.app.web.media import Endpoint
from luojiang.core.licences.service import LicenceService, Verified
from luojiang.core.licences.showing import Refusal
from luojiang.core.licences.views import Checks, Validity

SHANGHAI = ZoneInfo("Asia/Shanghai")
STYLE_FILE = Path(__file__).with_name("verify.css")
HEADERS = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",  # the token is in the URL: never pass it on
    "x-robots-tag": "noindex",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
}
REFUSALS = {
    Refusal.FORGED: (404, "二维码无效", "无法识别这个亮证码，或它已被篡改。请持证人重新出示。"),
    Refusal.EXPIRED: (410, "亮证码已过期", "亮证码有效时间很短，请持证人刷新后重新出示。"),
    Refusal.USED: (410, "亮证码已使用", "每个亮证码只能核验一次，这个码已经被扫过。请持证人重新出示。"),
    Refusal.RATE_LIMITED: (429, "核验太频繁", "请稍后再试。"),
}
VALIDITY_WORDS = {
    Validity.VALID: "在有效期内",
    Validity.NOT_YET_VALID: "尚未生效",
    Validity.EXPIRED: "已过有效期",
}


@cache
def _style() -> str:
    return STYLE_FILE.read_text("utf-8")


class AddressLimit:
    """Requests per client address a minute, charged as /graphql charges its own: GCRA in Redis
    through the front door's script, and leases of a few requests when the limit is large enough
    (:mod:`luojiang.api.protection.leases`)."""

    def __init__(self, front_door: FrontDoor, name: str, per_minute: int) -> None:
        self._front_door = front_door
        self._name = name
        self._per_minute = per_minute
        self._leases = Leases()

    async def admits(self, request: Request) -> bool:
        if self._per_minute <= 0:
            return True
        client = request.client.host if request.client else "-"
        charge = self._leases.draw([Budget(f"{PREFIX}{self._name}:{client}", self._per_minute)])
        if not charge.ask:
            return True
        grants = None
        try:
            admission = await self._front_door.admit([(a.budget, a.wanted) for a in charge.ask], "")
            grants = admission.grants
        finally:
            self._leases.settle(charge, grants)
        return admission.wait_us == 0


def verify_endpoint(licences: LicenceService, limit: AddressLimit) -> Endpoint:
    async def verify(request: Request) -> Response:
        if not await limit.admits(request):
            return _refused(Refusal.RATE_LIMITED)
        outcome = await licences.redeem(request.path_params["token"])
        if isinstance(outcome, Refusal):
            return _refused(outcome)
        return HTMLResponse(render(outcome, licences.clock()), headers=HEADERS)

    return verify


def render(verified: Verified, now: datetime) -> str:
    view, checks = verified.view, verified.checks
    verdict = "passed" if checks.passed else "failed"
    header = "核验通过" if checks.passed else "核验未通过"
    until = view.content["valid_until"] or "长期"
    essentials = [
        ("证照标识", view.licence.identifier),
        ("持证主体", view.holder_name(full=False)),
        ("有效期", f"{view.content['valid_from']} 至 {until}"),
        ("用途", verified.purpose),
    ]
    parts = [
        _head(f"{view.type_name} · {header}"),
        f'<header class="{"" if checks.passed else "refused"}"><p>{escape(view.issuer_name)}</p>',
        f"<h1>{escape(view.type_name)}</h1><p>{header}</p></header>",
        f'<main id="verdict" data-verdict="{verdict}">',
        f"<section><h2>核验结果</h2>{_checks(checks)}</section>",
        f"<section><h2>证照信息</h2>{_list(essentials)}</section>",
    ]
    if verified.shown:
        shown = [(f.label, f.value) for f in verified.shown]
        parts.append(f'<section id="shown"><h2>持证人出示的信息</h2>{_list(shown)}</section>')
    checked = now.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    parts.append(f"</main><footer>核验时间 {checked}（北京时间）· 本次核验已记入持证人的用证记录</footer>")
    return "".join(parts) + "</body></html>"


def _checks(checks: Checks) -> str:
    rows = [
        (
            "signature",
            checks.signature_valid,
            "签名有效：由签发部门的密钥签署，内容未被改动"
            if checks.signature_valid
            else "签名无效：内容与签发时不一致",
        ),
        ("validity", checks.validity is Validity.VALID, VALIDITY_WORDS[checks.validity]),
        ("revocation", not checks.revoked, "已被签发部门吊销" if checks.revoked else "未被吊销"),
    ]
    items = "".join(
        f'<li id="check-{name}" class="{"pass" if ok else "fail"}">{escape(text)}</li>'
        for name, ok, text in rows
    )
    return f'<ul class="checks">{items}</ul>'


def _list(pairs: list[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in pairs) + "</dl>"


def _head(title: str) -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_style()}</style></head><body>"
    )


def _refused(refusal: Refusal) -> Response:
    status, title, message = REFUSALS[refusal]
    page = (
        _head(title)
        + f'<header class="refused"><h1>{escape(title)}</h1></header>'
        + f'<main id="verdict" data-verdict="{refusal.value}">'
        + f"<section><p>{escape(message)}</p></section></main>"
        + "</body></html>"
    )
    headers = {**HEADERS, **({"retry-after": "60"} if refusal is Refusal.RATE_LIMITED else {})}
    return HTMLResponse(page, status_code=status, headers=headers)
