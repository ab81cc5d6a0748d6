"""Smart tags: declared and inferred, and recommendations that say why."""

from __future__ import annotations

from starlette.applications import Starlette
from tests.support.viewers import person, run_as

DECLARE = """mutation($p: [Persona!]!, $e: [String!]!) {
  declareTags(personas: $p, lifeEvents: $e) { tags { tag source weight } errors { code field } }
}"""
RECOMMEND = "{ recommendations(first: 50) { kind code reason } }"


async def test_declared_tags_drive_recommendations_with_reasons(app: Starlette) -> None:
    someone = person(501)
    result = (await run_as(app, someone, DECLARE, {"p": ["ELDERLY"], "e": ["结婚"]}))["declareTags"]
    assert result == {
        "tags": [
            {"tag": "life_event:结婚", "source": "declared", "weight": 3.0},
            {"tag": "persona:elderly", "source": "declared", "weight": 3.0},
        ],
        "errors": [],
    }
    found = {r["code"]: r for r in (await run_as(app, someone, RECOMMEND))["recommendations"]}
    assert found["LJ-MZJ-008"] == {"kind": "matter", "code": "LJ-MZJ-008", "reason": "您选择了身份「老年人」"}
    assert found["LJ-YJS-JH"] == {
        "kind": "scenario",
        "code": "LJ-YJS-JH",
        "reason": "您关注的人生事件「结婚」",
    }
    assert "LJ-SCJGJ-008" not in found  # nothing about a restaurant


async def test_unknown_life_events_are_refused_and_keep_the_old_tags(app: Starlette) -> None:
    someone = person(502)
    await run_as(app, someone, DECLARE, {"p": ["STUDENT"], "e": []})
    result = (await run_as(app, someone, DECLARE, {"p": [], "e": ["登月"]}))["declareTags"]
    assert result == {"tags": [], "errors": [{"code": "UNKNOWN_LIFE_EVENT", "field": "lifeEvents"}]}
    tags = (await run_as(app, someone, "{ myTags { tag } }"))["myTags"]
    assert tags == [{"tag": "persona:student"}]


async def test_visitors_have_no_tags(app: Starlette) -> None:
    result = (await run_as(app, None, DECLARE, {"p": ["ELDERLY"], "e": []}))["declareTags"]
    assert result["errors"] == [{"code": "UNAUTHENTICATED", "field": None}]
    assert await run_as(app, None, RECOMMEND) == {"recommendations": []}


async def test_views_and_searches_infer_tags(app: Starlette) -> None:
    someone = person(503)
    view = 'mutation { recordView(kind: MATTER, code: "LJ-GJJ-001") }'
    await run_as(app, someone, view)
    await run_as(app, someone, '{ search(query: "住房公积金提取", first: 3) { hits { code } } }')
    tags = (await run_as(app, someone, "{ myTags { tag source weight } }"))["myTags"]
    assert {"tag": "topic:住房公积金", "source": "inferred", "weight": 3.0} in tags
    found = (await run_as(app, someone, RECOMMEND))["recommendations"]
    assert found[0]["reason"] in {"您最近常查看「住房公积金」相关的事项", "您最近常查看「购房」相关的事项"}
    assert {r["code"] for r in found} >= {"LJ-GJJ-001", "LJ-GJJ-004"}
