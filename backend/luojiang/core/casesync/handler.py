"""The outbox's destination for case sync: one push per case event, in version order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from luojiang.core.casesync.ports import CaseSync, SyncRefused
from luojiang.core.outbox.case_events import case_event_from
from luojiang.core.outbox.ports import Undeliverable


@dataclass(frozen=True)
class CaseSyncHandler:
    platform: CaseSync

    async def __call__(self, payload: Mapping[str, Any], /) -> None:
        try:
            await self.platform.push(case_event_from(payload))
        except SyncRefused as refused:
            raise Undeliverable(str(refused)) from refused
