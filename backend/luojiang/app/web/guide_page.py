"""``/guide/{code}``: the page a plain phone camera opens from a printed code.

Server-rendered, no framework and no build step: a few kilobytes of HTML and CSS that work in any
phone browser; the language switch is plain links, the transcript is on the page. Each view is
counted as a scan from the web channel.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from luojiang.api.services import Services
from luojiang.app.web.media import Endpoint
from luojiang.core.errors import NotFound
from luojiang.core.tourism.guide import GuideView, guide_view
from luojiang.core.tourism.rules import DEFAULT_LANGUAGE

LANGUAGE_NAMES = {
    "zh-CN": "中文",
    "zh-TW": "繁體中文",
    "en": "English",
    "ja": "日本語",
    "ko": "한국어",
    "fr": "Français",
    "de": "Deutsch",
    "ru": "Русский",
    "es": "Español",
}
WORDS = {
    "zh-CN": {
        "listen": "收听讲解",
        "transcript": "讲解文稿",
        "next": "下一站",
        "nearby": "附近",
        "no_audio": "本讲解点暂无音频，请阅读文稿。",
        "refused": "暂不支持所选语言，已显示中文。",
        "seconds": "秒",
    },
    "en": {
        "listen": "Listen",
        "transcript": "Transcript",
        "next": "Next stop",
        "nearby": "Nearby",
        "no_audio": "No audio yet for this stop: please read the transcript.",
        "refused": "That language is not supported; showing Chinese.",
        "seconds": "s",
    },
}
STYLE_FILE = Path(__file__).with_name("guide.css")


@cache
def _style() -> str:
    return STYLE_FILE.read_text("utf-8")


def guide_endpoint(services: Services) -> Endpoint:
    async def guide(request: Request) -> Response:
        try:
            view = await guide_view(request.path_params["code"], request.query_params.get("lang"))
        except NotFound:
            return HTMLResponse(_not_found(), status_code=404, headers={"cache-control": "no-store"})
        await services.tourism.count_scan(view.point, "web")
        audio = (
            services.storage.public_url(view.narration.audio_key)
            if view.narration and view.narration.audio_key
            else None
        )
        return HTMLResponse(render(view, audio), headers={"cache-control": "no-store"})

    return guide


def render(view: GuideView, audio_url: str | None) -> str:
    language = view.narration.language if view.narration else DEFAULT_LANGUAGE
    words = WORDS.get(language, WORDS["en"])
    point, area = view.point, view.area
    parts = [
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{escape(point.name)} · {escape(area.name)}</title><style>{_style()}</style></head><body>",
        f"<header><p>{escape(area.name)}</p><h1>{escape(point.name)}</h1></header><main>",
        _languages(view, language),
    ]
    if view.language_refused:
        parts.append(f'<p class="note" id="language-refused">{escape(words["refused"])}</p>')
    parts.append(_player(view, audio_url, words))
    if view.next_point is not None:
        href = f"/guide/{view.next_point.code}?lang={language}"
        link = f'<a id="next" href="{escape(href)}">{escape(view.next_point.name)}</a>'
        parts.append(f"<section><h2>{escape(words['next'])}</h2>{link}</section>")
    if view.nearby:
        items = "".join(
            f"<li>{escape(r.name)}（{escape(r.kind)}，{round(d)} m）</li>" for d, r in view.nearby
        )
        parts.append(f"<section><h2>{escape(words['nearby'])}</h2><ul>{items}</ul></section>")
    parts.append("</main>" + _PLAYER_STATE + "</body></html>")
    return "".join(parts)


def _languages(view: GuideView, current: str) -> str:
    links = []
    for lang in view.languages:
        marker = ' aria-current="true"' if lang == current else ""
        name = LANGUAGE_NAMES.get(lang, lang)
        links.append(f'<a hreflang="{escape(lang)}" href="?lang={escape(lang)}"{marker}>{escape(name)}</a>')
    return f'<nav class="lang" aria-label="language">{"".join(links)}</nav>'


def _player(view: GuideView, audio_url: str | None, words: dict[str, str]) -> str:
    narration = view.narration
    text = escape(narration.text) if narration else ""
    if audio_url:
        source = f'src="{escape(audio_url)}" data-state="waiting"'
        player = f'<audio id="player" controls preload="metadata" {source}></audio>'
    else:
        player = f'<p class="note">{escape(words["no_audio"])}</p>'
    seconds = f" · {narration.duration_s} {words['seconds']}" if narration and narration.duration_s else ""
    return (
        f"<section><h2>{escape(words['listen'])}{escape(seconds)}</h2>{player}</section>"
        f'<section><h2>{escape(words["transcript"])}</h2><p id="transcript">{text}</p></section>'
    )


# tells a test (and a curious visitor's devtools) whether the browser could read the audio
_PLAYER_STATE = (
    "<script>var a=document.getElementById('player');if(a){"
    "a.addEventListener('loadedmetadata',function(){a.dataset.state='ready'});"
    "a.addEventListener('error',function(){a.dataset.state='error'});}</script>"
)


def _not_found() -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>未找到讲解点</title><style>{_style()}</style></head><body>"
        "<header><h1>未找到讲解点</h1></header><main><section><p>这个二维码对应的讲解点不存在或已下线。"
        '</p><p lang="en">This guide point does not exist.</p></section></main></body></html>'
    )
