"""How long an instance keeps a licence's decrypted content for the verifier's page: a minute
(``LicenceService._snapshot`` says so), not until 10,000 other licences push it out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from starlette.applications import Starlette

from luojiang.app.licences_wiring import build_licences
from luojiang.core.licences import service
from luojiang.core.licences.service import SNAPSHOT_TTL, LicenceService, Verified
from luojiang.core.licences.views import LicenceView
from tests.licences.support import issue_social_card
from tests.support.waiting import until


class Clock:
    """A clock the test moves on: the instance reads it at every show and scan."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def instance(app: Starlette, clock: Clock) -> LicenceService:
    """Another instance of the gateway on the same stores, with its own kept snapshots and clock."""
    services = app.state.services
    return build_licences(services.settings, services.identity.personal, clock=clock).service


async def test_a_licences_decrypted_content_is_not_kept_past_the_minute(
    licences: LicenceService, instance: LicenceService, clock: Clock
) -> None:
    first, first_holder = await issue_social_card(licences)
    second, second_holder = await issue_social_card(licences)
    first_token = (await instance.show(first_holder, first.id, "", [])).token
    second_token = (await instance.show(second_holder, second.id, "", [])).token
    assert isinstance(await instance.redeem(first_token), Verified)
    assert first.id in instance.snapshots

    clock.now += SNAPSHOT_TTL + timedelta(seconds=1)  # both tokens are still good (two minutes)
    assert isinstance(await instance.redeem(second_token), Verified)
    # the first licence was not scanned since: its decrypted name and ID number must be gone
    assert first.id not in instance.snapshots


async def test_a_licence_scanned_all_the_time_is_still_read_afresh_after_its_minute(
    licences: LicenceService, instance: LicenceService, clock: Clock
) -> None:
    licence, holder = await issue_social_card(licences)
    tokens = [(await instance.show(holder, licence.id, "", [])).token for _ in range(3)]
    assert isinstance(await instance.redeem(tokens[0]), Verified)
    first = instance.snapshots[licence.id]

    clock.now += SNAPSHOT_TTL / 2
    assert isinstance(await instance.redeem(tokens[1]), Verified)
    assert instance.snapshots[licence.id] is first  # kept: read once a minute, not once a scan

    clock.now += SNAPSHOT_TTL / 2  # a minute after the read, however recent the last scan
    assert isinstance(await instance.redeem(tokens[2]), Verified)
    assert instance.snapshots[licence.id].read_at == clock.now


async def test_a_snapshot_read_while_a_later_scan_was_faster_still_goes_at_its_minute(
    licences: LicenceService, instance: LicenceService, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two scans at once: the first reads its licence, the second starts later and finishes first
    slow, slow_holder = await issue_social_card(licences)
    fast, fast_holder = await issue_social_card(licences)
    other, other_holder = await issue_social_card(licences)
    slow_token = (await instance.show(slow_holder, slow.id, "", [])).token
    fast_token = (await instance.show(fast_holder, fast.id, "", [])).token
    other_token = (await instance.show(other_holder, other.id, "", [])).token
    reached, release = asyncio.Event(), asyncio.Event()
    signed = LicenceService._signed

    async def held(service: LicenceService, view: LicenceView) -> bool:
        if view.licence.id == slow.id:  # decrypted now, its signature checked later
            reached.set()
            await release.wait()
        return await signed(service, view)

    monkeypatch.setattr(LicenceService, "_signed", held)
    slow_scan = asyncio.create_task(instance.redeem(slow_token))
    await reached.wait()
    clock.now += timedelta(seconds=10)
    assert isinstance(await instance.redeem(fast_token), Verified)
    release.set()
    assert isinstance(await slow_scan, Verified)

    clock.now += SNAPSHOT_TTL - timedelta(seconds=9)  # a minute and a second after the slow scan read
    assert isinstance(await instance.redeem(other_token), Verified)
    assert slow.id not in instance.snapshots


async def test_with_no_scan_after_it_a_snapshot_still_goes_at_its_minute(
    app: Starlette, licences: LicenceService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the last scan of the day: no later scan would drop the decrypted name and ID number
    monkeypatch.setattr(service, "SNAPSHOT_TTL", timedelta(milliseconds=50))
    services = app.state.services
    instance = build_licences(services.settings, services.identity.personal).service
    licence, holder = await issue_social_card(licences)
    token = (await instance.show(holder, licence.id, "", [])).token
    assert isinstance(await instance.redeem(token), Verified)
    assert licence.id in instance.snapshots

    async def dropped() -> bool:
        return licence.id not in instance.snapshots

    await until(dropped)
    assert instance.sweep == []  # nothing left to sweep, no timer left behind
