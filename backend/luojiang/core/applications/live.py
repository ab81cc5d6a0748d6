"""The live feed of case changes: after each committed change, a small message on the applicant's
channel (and the enterprise's, for an enterprise's case), fanned out to every instance. The message
carries only the case's key and version: a subscriber reads the case itself, as its viewer, so a
message can reveal nothing to whoever hears it."""

from __future__ import annotations

from collections.abc import Collection

from luojiang.core.applications.models import Case
from luojiang.core.events import Broadcaster


def person_channel(person_id: int) -> str:
    return f"cases:person:{person_id}"


def enterprise_channel(enterprise_id: int) -> str:
    return f"cases:enterprise:{enterprise_id}"


def channels_of(person_id: int, enterprise_ids: Collection[int]) -> list[str]:
    return [person_channel(person_id), *(enterprise_channel(e) for e in sorted(enterprise_ids))]


class BroadcastFeed:
    def __init__(self, broadcaster: Broadcaster) -> None:
        self._broadcaster = broadcaster

    async def changed(self, case: Case) -> None:
        message = {"case_id": case.id, "version": case.version}
        await self._broadcaster.publish(person_channel(case.applicant_id), message)
        if case.enterprise_id is not None:
            await self._broadcaster.publish(enterprise_channel(case.enterprise_id), message)
