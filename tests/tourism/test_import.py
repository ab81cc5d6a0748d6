"""The tourism import sections: the sample loads, a re-import changes nothing, bad rows are
reported with the field at fault and the good ones still load."""

from __future__ import annotations

import copy
import json
from typing import Any

from starlette.applications import Starlette
from tortoise.transactions import in_transaction

from luojiang.core.tourism.importer import Rejection, import_resources, import_scenic
from luojiang.core.tourism.models import GuidePoint, Narration, Resource, Route, ScenicArea
from tests.conftest import SAMPLE_CATALOGUE


def _sample(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((SAMPLE_CATALOGUE / name).read_text("utf-8"))
    return rows


async def test_the_sample_is_loaded(app: Starlette) -> None:
    assert await ScenicArea.all().count() == 8
    assert await GuidePoint.all().count() == 37
    assert await Resource.all().count() == 60
    route = await Route.get(code="LJ-JQ-BMG-ALL")
    stops = [p.catalogue_id for p in await GuidePoint.filter(id__in=route.point_ids).order_by("position")]
    assert stops == [f"LJ-JQ-BMG-P0{i}" for i in range(1, 9)]


async def test_a_reimport_updates_and_creates_nothing(app: Starlette) -> None:
    codes = {p.catalogue_id: p.code for p in await GuidePoint.all()}
    async with in_transaction():
        scenic = await import_scenic(_sample("scenic.json"))
        resources = await import_resources(_sample("resources.json"))
    assert scenic.created == {}
    assert scenic.updated["scenic_areas"] == 8
    assert scenic.updated["guide_points"] == 37
    assert resources.created == {}
    assert resources.updated == {"resources": 60}
    assert {p.catalogue_id: p.code for p in await GuidePoint.all()} == codes


async def test_bad_rows_are_rejected_with_the_field_and_good_rows_load(app: Starlette) -> None:
    areas = _sample("scenic.json")[:1]
    bad_point = copy.deepcopy(areas[0])
    bad_point["id"] = "LJ-JQ-TEST"
    bad_point["points"][2]["location"]["lat"] = 3.13
    no_chinese = copy.deepcopy(areas[0])
    no_chinese["id"] = "LJ-JQ-TEST2"
    no_chinese["points"][0]["narration"] = {"en": "English only"}
    new_area = copy.deepcopy(areas[0])
    new_area["id"] = "LJ-JQ-NEW"
    new_area["points"] = [dict(new_area["points"][0], id="LJ-JQ-NEW-P01")]
    resources = [{"id": "LJ-RES-X", "kind": "赌场", "name": "x", "location": {"lng": 104.5, "lat": 31.3}}]
    async with in_transaction():
        scenic = await import_scenic([bad_point, no_chinese, new_area, {"name": "无编号"}])
        ledger = await import_resources(resources)
    assert scenic.rejected == [
        Rejection("LJ-JQ-TEST", "points[2].location.lat", "lat is outside Sichuan"),
        Rejection("LJ-JQ-TEST2", "points[0].narration", "a narration needs at least the zh-CN text"),
        Rejection("#3", "id", "id is required"),
    ]
    assert ledger.rejected[0].field == "kind"
    assert not await ScenicArea.exists(code="LJ-JQ-TEST")
    assert not await Resource.exists(code="LJ-RES-X")
    assert scenic.created == {"scenic_areas": 1, "guide_points": 1, "narrations": 2, "routes": 1}
    assert await Narration.filter(point__catalogue_id="LJ-JQ-NEW-P01").count() == 2
    await ScenicArea.filter(code="LJ-JQ-NEW").delete()  # the session's other tests expect the sample
