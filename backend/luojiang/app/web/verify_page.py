"""The HTML of ``/verify/{token}``, the page a verifier's phone opens from a licence's 亮证 QR code
(served by :mod:`luojiang.app.web.verify_app`).

Server-rendered, a few kilobytes, no script. It shows the licence's essentials (type, issuer,
identifier, the holder's masked name, validity), whether its signature, validity and revocation
checks pass, and the fields the holder chose to show; nothing else. A forged, altered, guessed,
expired or already used token gets a page that says so and shows no data.

What does not change between scans is rendered once: the refusal pages when the app is built, a
licence's page up to the purpose beside its kept snapshot (per set of checks, as those decide the
header and the verdict). Each scan adds only its own purpose, chosen fields and time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

from luojiang.core import outage
from luojiang.core.licences.service import Verified
from luojiang.core.licences.showing import Refusal
from luojiang.core.licences.views import Checks, LicenceView, Validity

SHANGHAI = ZoneInfo("Asia/Shanghai")
STYLE_FILE = Path(__file__).with_name("verify.css")
HEADERS = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",  # the token is in the URL: never pass it on
    "x-robots-tag": "noindex",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    "content-type": "text/html; charset=utf-8",
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
Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class Answer:
    """A whole response, its headers encoded: what the app sends as it is."""

    status: int
    headers: Headers
    body: bytes


def encoded(headers: dict[str, str]) -> Headers:
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


PAGE_HEADERS = encoded(HEADERS)


@cache
def _style() -> str:
    return STYLE_FILE.read_text("utf-8")


def refusal_pages() -> dict[Refusal, Answer]:
    """Each refusal's whole response; none says anything of any licence."""
    return {refusal: _refused(refusal) for refusal in REFUSALS}


def unavailable_page() -> Answer:
    """While Redis is unreachable: the limit cannot be charged, so nothing is verified (503)."""
    title, message = "暂时无法核验", "核验服务暂时不可用，请稍后再扫一次。"
    return _refusal(503, "unavailable", title, message, retry_after=outage.RETRY_AFTER_SECONDS)


def licence_page(verified: Verified) -> Answer:
    return _whole(200, PAGE_HEADERS, page(verified))


def _whole(status: int, headers: Headers, body: bytes) -> Answer:
    return Answer(status, [*headers, (b"content-length", str(len(body)).encode())], body)


def page(verified: Verified) -> bytes:
    rendered = verified.snapshot.rendered
    start = rendered.get(verified.checks)
    if start is None:
        start = rendered[verified.checks] = _start(verified.view, verified.checks).encode()
    parts = [escape(verified.purpose), "</dd></dl></section>"]
    if verified.shown:
        shown = [(f.label, f.value) for f in verified.shown]
        parts.append(f'<section id="shown"><h2>持证人出示的信息</h2>{_list(shown)}</section>')
    checked = _beijing_time(int(verified.at.timestamp()))
    parts.append(f"</main><footer>核验时间 {checked}（北京时间）· 本次核验已记入持证人的用证记录</footer>")
    parts.append("</body></html>")
    return start + "".join(parts).encode()


@lru_cache(maxsize=2)
def _beijing_time(second: int) -> str:
    # formatted once a second, not once a scan: it cost more than the rest of a scan's own HTML
    return datetime.fromtimestamp(second, SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def _start(view: LicenceView, checks: Checks) -> str:
    """The page up to the purpose, the last of the essentials (left open for it)."""
    verdict = "passed" if checks.passed else "failed"
    header = "核验通过" if checks.passed else "核验未通过"
    until = view.content["valid_until"] or "长期"
    essentials = [
        ("证照标识", view.licence.identifier),
        ("持证主体", view.holder_name(full=False)),
        ("有效期", f"{view.content['valid_from']} 至 {until}"),
    ]
    return "".join(
        [
            _head(f"{view.type_name} · {header}"),
            f'<header class="{"" if checks.passed else "refused"}"><p>{escape(view.issuer_name)}</p>',
            f"<h1>{escape(view.type_name)}</h1><p>{header}</p></header>",
            f'<main id="verdict" data-verdict="{verdict}">',
            f"<section><h2>核验结果</h2>{_checks(checks)}</section>",
            f"<section><h2>证照信息</h2><dl>{_pairs(essentials)}<dt>用途</dt><dd>",
        ]
    )


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
    return f"<dl>{_pairs(pairs)}</dl>"


def _pairs(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in pairs)


def _head(title: str) -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_style()}</style></head><body>"
    )


def _refused(refusal: Refusal) -> Answer:
    status, title, message = REFUSALS[refusal]
    retry_after = 60 if refusal is Refusal.RATE_LIMITED else None
    return _refusal(status, refusal.value, title, message, retry_after)


def _refusal(status: int, verdict: str, title: str, message: str, retry_after: int | None) -> Answer:
    """A page that says why nothing is shown, and shows nothing of any licence."""
    body = (
        _head(title)
        + f'<header class="refused"><h1>{escape(title)}</h1></header>'
        + f'<main id="verdict" data-verdict="{verdict}">'
        + f"<section><p>{escape(message)}</p></section></main>"
        + "</body></html>"
    ).encode()
    headers = HEADERS if retry_after is None else {**HEADERS, "retry-after": str(retry_after)}
    return _whole(status, encoded(headers), body)
