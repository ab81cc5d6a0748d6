"""The signed-in person reads only their own messages and sets their own channels over GraphQL;
a visitor gets nothing, and an oversized page size is held to 100."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

from luojiang.core.notifications.models import MessageChannel
from tests.licences.support import execute, holder
from tests.notifications.test_messages import Desk, _event, _person, desk

__all__ = ["desk"]
OPERATIONS = Path(__file__).resolve().parents[2] / "graphql" / "operations" / "notifications"
MY_MESSAGES = (OPERATIONS / "MyMessages.graphql").read_text("utf-8")
SET_PREFERENCE = (OPERATIONS / "SetMessagePreference.graphql").read_text("utf-8")


async def test_each_person_reads_only_their_own_messages(app: Starlette, desk: Desk) -> None:
    mine, theirs = await _person(desk), await _person(desk)
    await desk.service.on_case_event(_event(mine, channel="app"))
    await desk.service.on_case_event(_event(theirs, channel="app", state="approved"))

    result = await execute(app, holder(mine.id), MY_MESSAGES, {"first": 1_000_000})
    assert result.errors is None
    assert [(m["title"], m["state"], m["channel"]) for m in result.data["myMessages"]] == [
        ("申请已受理", "QUEUED", "SMS")
    ]
    anonymous = await execute(app, None, MY_MESSAGES)
    assert anonymous.data == {"myMessages": [], "messagePreferences": []}


async def test_a_person_turns_a_channel_off_and_a_visitor_cannot(app: Starlette, desk: Desk) -> None:
    person = await _person(desk)
    result = await execute(app, holder(person.id), SET_PREFERENCE, {"channel": "SMS", "enabled": False})
    assert result.data["setMessagePreference"] == {
        "preferences": [
            {"channel": "WECHAT", "enabled": True},
            {"channel": "ALIPAY", "enabled": True},
            {"channel": "SMS", "enabled": False},
        ],
        "errors": [],
    }
    assert await desk.service.disabled_channels(person.id) == {MessageChannel.SMS}
    refused = await execute(app, None, SET_PREFERENCE, {"channel": "SMS", "enabled": False})
    assert refused.data["setMessagePreference"]["errors"][0]["code"] == "UNAUTHENTICATED"
