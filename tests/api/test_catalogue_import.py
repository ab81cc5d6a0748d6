"""Importing the catalogue: all or nothing, idempotent, retiring what the file no longer lists."""

from __future__ import annotations

import json

from starlette.applications import Starlette
from tests.conftest import SAMPLE_CATALOGUE
from tests.support.viewers import ADMIN, CITIZEN, run_as

from luojiang.app.navigation_wiring import import_sections
from luojiang.core.catalogue.importer import read_folder
from luojiang.core.catalogue.models import Department, Matter

IMPORT = """mutation($files: [CatalogueFileInput!]!) {
  importCatalogue(files: $files) {
    applied sections { file created updated unchanged retired }
    rejected { file index line code field reason } errors { code }
  }
}"""


def sample_file(name: str) -> str:
    return (SAMPLE_CATALOGUE / name).read_text("utf-8")


async def restore(app: Starlette) -> None:
    report = await app.state.services.catalogue.import_unchecked(
        read_folder(SAMPLE_CATALOGUE, import_sections())
    )
    assert report.applied


async def snapshot() -> list[tuple[str, str, object]]:
    return [(m.code, m.name, m.retired_at) for m in await Matter.all().order_by("id")]


async def test_reimporting_the_same_files_changes_nothing(app: Starlette) -> None:
    files = [{"name": n, "content": sample_file(n)} for n in ("departments.json", "matters.json")]
    result = (await run_as(app, ADMIN, IMPORT, {"files": files}))["importCatalogue"]
    assert result["applied"] is True
    assert result["sections"] == [
        {"file": "departments.json", "created": 0, "updated": 0, "unchanged": 28, "retired": 0},
        {"file": "matters.json", "created": 0, "updated": 0, "unchanged": 160, "retired": 0},
    ]


async def test_invalid_rows_reject_the_whole_import_and_change_nothing(app: Starlette) -> None:
    before = await snapshot()
    matters = json.loads(sample_file("matters.json"))
    matters[0]["name"] = "改过的名字"  # a valid change, which must not be applied either
    matters[3]["materials"][1]["form"] = "传真件"
    matters[5]["department"] = "LJ-NOBODY"
    matters[7]["produces_licence"] = "LIC-NOBODY"  # the licence an approval issues must exist
    files = [
        {"name": "matters.json", "content": json.dumps(matters, ensure_ascii=False)},
        {"name": "towns.json", "content": '[{"code": "510604100000",\n "name": }]'},
    ]
    result = (await run_as(app, ADMIN, IMPORT, {"files": files}))["importCatalogue"]
    assert result["applied"] is False
    assert result["sections"] == []
    assert result["rejected"] == [
        {
            "file": "towns.json",
            "index": None,
            "line": 2,
            "code": None,
            "field": None,
            "reason": "is not valid JSON: Expecting value",
        }
    ]
    # with the JSON fixed, the row checks speak
    files[1]["content"] = sample_file("towns.json")
    result = (await run_as(app, ADMIN, IMPORT, {"files": files}))["importCatalogue"]
    assert [(r["index"], r["code"], r["field"]) for r in result["rejected"]] == [
        (3, matters[3]["code"], "materials[1].form"),
        (5, matters[5]["code"], "department[0]"),
        (7, matters[7]["code"], "produces_licence[0]"),
    ]
    assert await snapshot() == before


async def test_rows_missing_from_the_file_are_retired_and_come_back(app: Starlette) -> None:
    matters = json.loads(sample_file("matters.json"))
    kept = [m for m in matters if m["code"] != "LJ-ZHZFJ-004"]
    files = [{"name": "matters.json", "content": json.dumps(kept, ensure_ascii=False)}]
    try:
        result = (await run_as(app, ADMIN, IMPORT, {"files": files}))["importCatalogue"]
        assert result["sections"] == [
            {"file": "matters.json", "created": 0, "updated": 0, "unchanged": 159, "retired": 1}
        ]
        gone = await run_as(app, None, '{ matter(code: "LJ-ZHZFJ-004") { code } }')
        assert gone == {"matter": None}
        found = await run_as(app, None, '{ search(query: "养犬登记", first: 3) { hits { code } } }')
        assert "LJ-ZHZFJ-004" not in [h["code"] for h in found["search"]["hits"]]
    finally:
        await restore(app)
    back = await run_as(app, None, '{ matter(code: "LJ-ZHZFJ-004") { name } }')
    assert back == {"matter": {"name": "养犬登记"}}


async def test_only_administrators_may_import(app: Starlette) -> None:
    before = await snapshot()
    files = [{"name": "matters.json", "content": "[]"}]
    for viewer in (None, CITIZEN):
        result = (await run_as(app, viewer, IMPORT, {"files": files}))["importCatalogue"]
        assert result["applied"] is False
        assert result["errors"] == [{"code": "FORBIDDEN"}]
    assert await snapshot() == before


async def test_a_bad_tourism_row_refuses_the_whole_import_across_areas(app: Starlette) -> None:
    """scenic.json and resources.json are sections of the same import: one bad row in them keeps
    every other file's changes out too."""
    services = app.state.services
    files = read_folder(SAMPLE_CATALOGUE, import_sections())
    departments = json.loads(files["departments.json"])
    departments[0]["name"] = "改名了的部门"
    scenic = json.loads(files["scenic.json"])
    scenic[0]["location"] = {"lng": "east", "lat": 31.3, "crs": "GCJ-02"}
    files = {**files, "departments.json": json.dumps(departments), "scenic.json": json.dumps(scenic)}
    before = await Department.get(code=departments[0]["code"])
    report = await services.catalogue.import_unchecked(files)
    assert not report.applied
    assert [(r.file, r.code) for r in report.rejected] == [("scenic.json", scenic[0]["id"])]
    assert (await Department.get(code=departments[0]["code"])).name == before.name
