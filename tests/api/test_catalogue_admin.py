"""Administrators' edits: audited, refused for others, and seen by every instance's search."""

from __future__ import annotations

import asyncio
import json

from starlette.applications import Starlette
from tests.conftest import SAMPLE_CATALOGUE
from tests.support.viewers import ADMIN, CITIZEN, run_as
from tests.support.waiting import until

from luojiang.app.navigation_wiring import build_navigation, import_sections
from luojiang.core.cache_tags import PREFIX
from luojiang.core.catalogue.importer import read_folder
from luojiang.core.catalogue.models import AuditEntry, Matter
from luojiang.core.catalogue.service import CHANGES_CHANNEL
from luojiang.core.events import Broadcaster

SAVE = """mutation($m: JSON!) { saveMatter(matter: $m) { matter { code name } errors { code field } } }"""
RETIRE = """mutation($c: String!) { retireScenario(code: $c) { scenario { code } errors { code field } } }"""


def dog_licence() -> dict:  # type: ignore[type-arg]
    rows = json.loads((SAMPLE_CATALOGUE / "matters.json").read_text("utf-8"))
    return next(r for r in rows if r["code"] == "LJ-ZHZFJ-004")


async def restore(app: Starlette) -> None:
    report = await app.state.services.catalogue.import_unchecked(
        read_folder(SAMPLE_CATALOGUE, import_sections())
    )
    assert report.applied


async def test_an_admin_edit_is_audited_invalidates_caches_and_reindexes(app: Starlette) -> None:
    redis = app.state.services.redis
    version = int(await redis.get(PREFIX + "catalogue") or 0)
    row = {**dog_licence(), "name": "犬只登记（养犬许可）"}
    try:
        result = (await run_as(app, ADMIN, SAVE, {"m": row}))["saveMatter"]
        assert result == {"matter": {"code": "LJ-ZHZFJ-004", "name": "犬只登记（养犬许可）"}, "errors": []}
        entry = await AuditEntry.filter(code="LJ-ZHZFJ-004").order_by("-id").first()
        assert entry is not None
        assert (entry.actor_id, entry.action, entry.kind) == (ADMIN.person_id, "update", "matter")
        assert entry.changes == {"name": ["养犬登记", "犬只登记（养犬许可）"]}
        assert int(await redis.get(PREFIX + "catalogue")) > version  # cached responses are retired
        found = await run_as(app, None, '{ search(query: "犬只登记", first: 1) { hits { code title } } }')
        assert found["search"]["hits"] == [{"code": "LJ-ZHZFJ-004", "title": "犬只登记（养犬许可）"}]
    finally:
        await restore(app)


async def test_others_are_refused_and_nothing_changes(app: Starlette) -> None:
    audits = await AuditEntry.all().count()
    row = {**dog_licence(), "name": "不该出现"}
    for viewer in (None, CITIZEN):
        result = (await run_as(app, viewer, SAVE, {"m": row}))["saveMatter"]
        assert result == {"matter": None, "errors": [{"code": "FORBIDDEN", "field": None}]}
        result = (await run_as(app, viewer, RETIRE, {"c": "LJ-YJS-CS"}))["retireScenario"]
        assert result == {"scenario": None, "errors": [{"code": "FORBIDDEN", "field": None}]}
    assert (await Matter.get(code="LJ-ZHZFJ-004")).name == "养犬登记"
    assert await AuditEntry.all().count() == audits


async def test_an_invalid_matter_is_refused_with_the_field_at_fault(app: Starlette) -> None:
    row = {**dog_licence(), "promised_limit_days": 99, "halls": ["LJ-HALL-NOWHERE"]}
    result = (await run_as(app, ADMIN, SAVE, {"m": row}))["saveMatter"]
    assert result["errors"] == [
        {"code": "INVALID_ROW", "field": "halls[0]"},
        {"code": "INVALID_ROW", "field": "promised_limit_days"},
    ]
    assert (await Matter.get(code="LJ-ZHZFJ-004")).promised_limit_days == dog_licence()["promised_limit_days"]


async def test_a_retired_scenario_disappears_and_is_audited(app: Starlette) -> None:
    try:
        result = (await run_as(app, ADMIN, RETIRE, {"c": "LJ-YJS-JH"}))["retireScenario"]
        assert result == {"scenario": {"code": "LJ-YJS-JH"}, "errors": []}
        assert await run_as(app, None, '{ scenario(code: "LJ-YJS-JH") { code } }') == {"scenario": None}
        entry = await AuditEntry.filter(code="LJ-YJS-JH").order_by("-id").first()
        assert entry is not None
        assert (entry.actor_id, entry.action) == (ADMIN.person_id, "retire")
        again = (await run_as(app, ADMIN, RETIRE, {"c": "LJ-YJS-JH"}))["retireScenario"]
        assert again["errors"] == [{"code": "NOT_FOUND", "field": "code"}]
    finally:
        await restore(app)


async def test_another_instance_rebuilds_its_index_when_it_hears_of_a_change(app: Starlette) -> None:
    redis = app.state.services.redis
    other = build_navigation(redis)  # a second gateway instance on the same Redis
    other_search = other.search
    changes = Broadcaster(redis)
    listeners = changes.listening(CHANGES_CHANNEL)
    follower = asyncio.create_task(other.catalogue.follow_changes())
    try:
        # the other instance has built its index before the change
        assert [h.title for h in (await other_search.search("宠物犬登记", 1)).hits] == ["养犬登记"]

        async def subscribed() -> bool:  # a message published before that would be missed
            return changes.listening(CHANGES_CHANNEL) > listeners

        await until(subscribed)
        row = {**dog_licence(), "name": "宠物犬登记"}
        await run_as(app, ADMIN, SAVE, {"m": row})

        async def rebuilt() -> bool:
            hits = (await other_search.search("宠物犬登记", 1)).hits
            return bool(hits) and hits[0].title == "宠物犬登记"

        await until(rebuilt)
        hits = (await other_search.search("宠物犬登记", 1)).hits
        assert [(h.code, h.title) for h in hits] == [("LJ-ZHZFJ-004", "宠物犬登记")]
    finally:
        follower.cancel()
        await asyncio.gather(follower, return_exceptions=True)
        await restore(app)
