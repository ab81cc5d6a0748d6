"""The tag service on its own (no GraphQL): what people declare, what their views add, and
recommendations that say why, over the sample catalogue."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from luojiang.core.errors import DomainError
from luojiang.core.tags.service import TagService


@pytest.fixture
def tags(app: Starlette) -> TagService:
    service: TagService = app.state.services.tags
    return service


async def test_a_declaration_replaces_the_declared_tags_and_keeps_them_in_order(tags: TagService) -> None:
    await tags.declare(601, ["student"], [])
    declared = await tags.declare(601, ["elderly", "elderly"], ["结婚"])
    assert [(t.tag, t.source, t.weight) for t in declared] == [
        ("life_event:结婚", "declared", 3.0),
        ("persona:elderly", "declared", 3.0),
    ]


async def test_an_unknown_life_event_or_persona_changes_nothing(tags: TagService) -> None:
    await tags.declare(602, ["student"], [])
    with pytest.raises(DomainError) as refused:
        await tags.declare(602, [], ["登月"])
    assert (refused.value.problems[0].code, refused.value.problems[0].field) == (
        "UNKNOWN_LIFE_EVENT",
        "lifeEvents",
    )
    with pytest.raises(ValueError, match="no such personas"):
        await tags.declare(602, ["astronaut"], [])
    assert [t.tag for t in await tags.tags(602)] == ["persona:student"]


async def test_viewing_a_matter_infers_its_life_events_and_recommends_with_a_reason(tags: TagService) -> None:
    assert await tags.recommend(603, 10) == []  # nothing known, nothing guessed
    await tags.declare(603, [], ["结婚"])
    found = {r.code: r for r in await tags.recommend(603, 50)}
    assert found["LJ-YJS-JH"].kind == "scenario"
    assert found["LJ-YJS-JH"].reason == "您关注的人生事件「结婚」"
    await tags.viewed(603, "matter", "LJ-NO-SUCH-MATTER")  # an unknown code infers nothing
    assert {t.source for t in await tags.tags(603)} == {"declared"}


async def test_a_page_of_recommendations_is_1_to_50(tags: TagService) -> None:
    for bad in (0, 51):
        with pytest.raises(DomainError):
            await tags.recommend(604, bad)
