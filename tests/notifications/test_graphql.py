"""The signed-in person reads only their own messages and sets their own channels over GraphQL;
a visitor gets nothing, and an oversized page size is held to 100."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from luojiang.core.notifications.models import MessageChannel, Preference
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


async def test_a_preference_set_many_times_at_once_is_one_row_and_no_error(
    app: Starlette, desk: Desk
) -> None:
    person = await _person(desk)
    taps = [{"channel": "SMS", "enabled": i % 2 == 1} for i in range(8)]
    results = await asyncio.gather(*(execute(app, holder(person.id), SET_PREFERENCE, tap) for tap in taps))
    assert [r.errors for r in results] == [None] * len(taps)
    assert [r.data["setMessagePreference"]["errors"] for r in results] == [[]] * len(taps)
    assert await Preference.filter(person_id=person.id).count() == 1


async def test_two_first_preferences_racing_to_insert_make_one_row(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worst interleaving, forced: both requests find no row, then both insert one."""
    person = await _person(desk)
    arrived, both = [], asyncio.Event()
    create = Preference.create

    async def create_when_both_arrived(**values: Any) -> Preference:
        arrived.append(values)
        if len(arrived) == 2:
            both.set()
        await both.wait()
        return await create(**values)

    monkeypatch.setattr(Preference, "create", create_when_both_arrived)
    await asyncio.gather(
        desk.service.set_channel(person.id, MessageChannel.SMS, False),
        desk.service.set_channel(person.id, MessageChannel.SMS, True),
    )
    [row] = await Preference.filter(person_id=person.id)
    assert row.channel == MessageChannel.SMS
    for enabled, disabled in ((False, {MessageChannel.SMS}), (True, set())):  # the row is updated in place
        await desk.service.set_channel(person.id, MessageChannel.SMS, enabled)
        assert await desk.service.disabled_channels(person.id) == disabled
    assert await Preference.filter(person_id=person.id).count() == 1
