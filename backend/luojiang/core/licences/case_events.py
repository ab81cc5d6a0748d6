"""The outbox's destination for approvals: issue the licence an approved case produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from luojiang.core.applications.ports import CaseEvent
from luojiang.core.errors import DomainError
from luojiang.core.licences.service import APPROVED, LicenceService
from luojiang.core.outbox.case_events import case_event_from
from luojiang.core.outbox.ports import Undeliverable


def produces_licence(event: CaseEvent) -> bool:
    return event.state == APPROVED and event.produces_licence_type is not None


@dataclass(frozen=True)
class LicenceFromCase:
    licences: LicenceService

    async def __call__(self, payload: Mapping[str, Any], /) -> None:
        try:
            await self.licences.issue_from_case(case_event_from(payload))
        except DomainError as refused:  # an unknown licence type, a holder who is gone: no retry helps
            raise Undeliverable(", ".join(p.code for p in refused.problems)) from refused
