"""Administrators keep the narrations: edits are audited and invalidate the cached point; anyone
else is refused and nothing changes."""

from __future__ import annotations

from starlette.applications import Starlette

from luojiang.core.cache_tags import PREFIX
from luojiang.core.tourism.models import ContentEdit, Narration
from tests.tourism.support import ADMIN, CITIZEN, execute

EDIT = """mutation($code: String!, $language: String!, $text: String!) {
  editGuideNarration(code: $code, language: $language, text: $text) {
    point { narration(language: $language) { language text } }
    errors { code field message }
  }
}"""
TOMB = "9AYYC972"  # LJ-JQ-BMG-P06 庞统墓


async def _tag_version(app: Starlette, tag: str) -> int:
    return int(await app.state.services.redis.get(PREFIX + tag) or 0)


async def test_an_administrator_writes_a_new_language_and_it_is_audited(app: Starlette) -> None:
    before = await _tag_version(app, f"tourism:point:{TOMB}")
    text = "庞統墓位於祠堂後方，是一座石砌的圓形墳塋。"
    body, _ = await execute(app, EDIT, {"code": TOMB, "language": "zh-tw", "text": text}, viewer=ADMIN)
    payload = body["data"]["editGuideNarration"]
    assert payload["errors"] == []
    assert payload["point"]["narration"] == {"language": "zh-TW", "text": text}
    edit = await ContentEdit.filter(target="narration:LJ-JQ-BMG-P06:zh-TW").get()
    assert (edit.actor, edit.action, edit.before, edit.after) == (
        "person:7",
        "edit_text",
        None,
        {"text": text},
    )
    assert await _tag_version(app, f"tourism:point:{TOMB}") > before


async def test_an_edit_records_what_the_text_was(app: Starlette) -> None:
    original = (await Narration.get(point__code="112VZJPZ", language="en")).text
    await execute(app, EDIT, {"code": "112VZJPZ", "language": "en", "text": "Luofeng Slope."}, viewer=ADMIN)
    edit = await ContentEdit.filter(target="narration:LJ-JQ-BMG-P07:en").order_by("-id").first()
    assert edit is not None
    assert edit.before == {"text": original}
    assert (await Narration.get(point__code="112VZJPZ", language="en")).text == "Luofeng Slope."


async def test_visitors_and_citizens_may_not_edit(app: Starlette) -> None:
    edits = await ContentEdit.all().count()
    original = (await Narration.get(point__code=TOMB, language="zh-CN")).text
    for viewer in (None, CITIZEN):
        body, _ = await execute(app, EDIT, {"code": TOMB, "language": "zh-CN", "text": "改写"}, viewer=viewer)
        payload = body["data"]["editGuideNarration"]
        assert payload["point"] is None
        assert payload["errors"] == [
            {"code": "FORBIDDEN", "field": None, "message": "only tourism administrators may do this"}
        ]
    assert (await Narration.get(point__code=TOMB, language="zh-CN")).text == original
    assert await ContentEdit.all().count() == edits


async def test_bad_edits_are_refused_with_the_field_at_fault(app: Starlette) -> None:
    edits = await ContentEdit.all().count()
    cases = [
        ({"code": "ZZZZZZZZ", "language": "en", "text": "x"}, ("NOT_FOUND", "code")),
        ({"code": TOMB, "language": "xx", "text": "x"}, ("UNSUPPORTED_LANGUAGE", "language")),
        ({"code": TOMB, "language": "en", "text": "   "}, ("INVALID_TEXT", "text")),
        ({"code": TOMB, "language": "en", "text": "长" * 5001}, ("INVALID_TEXT", "text")),
    ]
    for variables, (code, field) in cases:
        body, _ = await execute(app, EDIT, variables, viewer=ADMIN)
        errors = body["data"]["editGuideNarration"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, field)]
    assert await ContentEdit.all().count() == edits
