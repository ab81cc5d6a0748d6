"""Administrators keep scenic areas and the resources ledger: by the importer's rules, audited,
with the cached public answers retired; anyone else is refused and nothing changes."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from luojiang.core.cache_tags import PREFIX
from luojiang.core.tourism.models import ContentEdit, Resource, ScenicArea
from tests.tourism.admin_support import (
    AREA,
    RETIRE_AREA,
    RETIRE_RESOURCE,
    SAVE_AREA,
    SAVE_POINT,
    SAVE_RESOURCE,
    WHERE,
    admin,
    area_input,
    point_input,
    saved,
)
from tests.tourism.support import CITIZEN, execute

pytestmark = pytest.mark.usefixtures("scratch")
HOTEL = {"code": "T-RES-1", "kind": "宾馆", "name": "试验宾馆", "location": WHERE, "tags": ["停车场", " "]}


async def _tag_version(app: Starlette) -> int:
    return int(await app.state.services.redis.get(PREFIX + "tourism") or 0)


async def test_an_area_is_created_and_edited_with_an_audit_row_each(app: Starlette) -> None:
    created = await ContentEdit.get(target=f"area:{AREA}", action="create")  # by the scratch fixture
    assert (created.actor, created.before) == ("person:7", None)
    assert created.after["name"] == "试验景区"
    version = await _tag_version(app)
    ticket = {"free": False, "items": [{"name": "成人票", "amountFen": 3000}]}
    payload = await saved(
        app, SAVE_AREA, {"input": area_input(name="试验景区（新）", level="4A", ticket=ticket)}
    )
    assert payload["area"] == {
        "code": AREA,
        "name": "试验景区（新）",
        "level": "4A",
        "location": {"lng": 100.5, "lat": 30.0},
    }
    edit = await ContentEdit.filter(target=f"area:{AREA}", action="update").get()
    assert (edit.before["name"], edit.after["name"]) == ("试验景区", "试验景区（新）")
    assert edit.after["ticket"] == {"free": False, "items": [{"name": "成人票", "amount_fen": 3000}]}
    assert await _tag_version(app) > version


async def test_bad_areas_are_refused_by_the_import_rules_and_change_nothing(app: Starlette) -> None:
    edits = await ContentEdit.all().count()
    cases = [
        (area_input(code=" "), "code"),
        (area_input(name="长" * 129), "name"),
        (area_input(location={"lng": 10.0, "lat": 30.0}), "location.lng"),
        (
            area_input(ticket={"free": False, "items": [{"name": "票", "amountFen": -1}]}),
            "ticket.items[0].amountFen",
        ),
    ]
    for variables, field in cases:
        payload = await admin(app, SAVE_AREA, {"input": variables})
        assert payload["area"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID_VALUE", field)]
    assert (await ScenicArea.get(code=AREA)).name == "试验景区"
    assert await ContentEdit.all().count() == edits


async def test_visitors_and_citizens_may_not_keep_areas(app: Starlette) -> None:
    edits = await ContentEdit.all().count()
    for viewer in (None, CITIZEN):
        for query, variables in (
            (SAVE_AREA, {"input": area_input(name="改名")}),
            (RETIRE_AREA, {"code": AREA}),
            (SAVE_RESOURCE, {"input": HOTEL}),
        ):
            body, _ = await execute(app, query, variables, viewer=viewer)
            assert body["data"] is None
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    area = await ScenicArea.get(code=AREA)
    assert (area.name, area.retired_at) == ("试验景区", None)
    assert not await Resource.exists(code="T-RES-1")
    assert await ContentEdit.all().count() == edits


async def test_an_area_is_retired_only_once_its_points_are(app: Starlette) -> None:
    await saved(app, SAVE_POINT, {"input": point_input("T-JQ-SCRATCH-P01", 100.5)})
    refused = await admin(app, RETIRE_AREA, {"code": AREA})
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("IN_USE", "code")]
    assert (await ScenicArea.get(code=AREA)).retired_at is None
    assert not await ContentEdit.exists(target=f"area:{AREA}", action="retire")


async def test_a_retired_area_is_gone_from_the_guide_until_saved_again(app: Starlette) -> None:
    await saved(app, RETIRE_AREA, {"code": AREA})
    query = "query($code: String!) { scenicArea(code: $code) { name } }"
    assert (await execute(app, query, {"code": AREA}))[0]["data"]["scenicArea"] is None
    again = await admin(app, RETIRE_AREA, {"code": AREA})
    assert [(e["code"], e["field"]) for e in again["errors"]] == [("NOT_FOUND", "code")]
    await saved(app, SAVE_AREA, {"input": area_input()})
    assert (await execute(app, query, {"code": AREA}))[0]["data"]["scenicArea"] == {"name": "试验景区"}


async def test_resources_are_created_edited_and_retired(app: Starlette) -> None:
    payload = await saved(app, SAVE_RESOURCE, {"input": HOTEL})
    assert payload["resource"] == {"code": "T-RES-1", "kind": "宾馆", "name": "试验宾馆", "tags": ["停车场"]}
    await saved(app, SAVE_RESOURCE, {"input": {**HOTEL, "name": "试验酒店"}})
    await saved(app, RETIRE_RESOURCE, {"code": "T-RES-1"})
    actions = (
        await ContentEdit.filter(target="resource:T-RES-1").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["create", "update", "retire"]
    assert (await Resource.get(code="T-RES-1")).retired_at is not None


async def test_bad_resources_change_nothing(app: Starlette) -> None:
    edits = await ContentEdit.all().count()
    for variables, field in (
        ({**HOTEL, "kind": "hotel"}, "kind"),
        ({**HOTEL, "location": {"lng": 104.5, "lat": 40.0}}, "location.lat"),
    ):
        payload = await admin(app, SAVE_RESOURCE, {"input": variables})
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID_VALUE", field)]
    assert not await Resource.exists(code="T-RES-1")
    assert await ContentEdit.all().count() == edits
    missing = await admin(app, RETIRE_RESOURCE, {"code": "T-RES-404"})
    assert [(e["code"], e["field"]) for e in missing["errors"]] == [("NOT_FOUND", "code")]
