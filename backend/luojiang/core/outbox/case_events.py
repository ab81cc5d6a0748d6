"""The applications' :class:`~luojiang.core.applications.ports.CaseEvents`, kept in the outbox.

Each destination that wants an event (Tianfu sync, the applicant's messages, licence issuance)
gets its own message, keyed by ``case_number:version`` (a reminder by case, deadline and days
left), so each is delivered, retried and made idempotent on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from luojiang.core.applications.ports import CaseEvent, DeadlineReminder
from luojiang.core.outbox.writer import OutboxWriter

CaseFilter = Callable[[CaseEvent], bool]


def every_event(_: CaseEvent) -> bool:
    return True


@dataclass(frozen=True)
class OutboxCaseEvents:
    writer: OutboxWriter
    # destination → which case events it wants
    case_destinations: Mapping[str, CaseFilter]
    reminder_destinations: tuple[str, ...] = ()

    async def record(self, event: CaseEvent) -> None:
        payload = case_event_payload(event)
        for destination, wants in self.case_destinations.items():
            if wants(event):
                await self.writer.write(
                    destination=destination,
                    key=f"{event.case_number}:{event.version}",
                    stream=event.case_number,
                    payload=payload,
                )

    async def remind(self, reminder: DeadlineReminder) -> None:
        payload = reminder_payload(reminder)
        key = f"{reminder.case_number}:{reminder.deadline.isoformat()}:{reminder.working_days_left}"
        for destination in self.reminder_destinations:
            await self.writer.write(
                destination=destination, key=key, stream=f"reminder:{key}", payload=payload
            )


def case_event_payload(event: CaseEvent) -> dict[str, Any]:
    values = asdict(event)
    values["occurred_at"] = event.occurred_at.isoformat()
    values["deadline"] = event.deadline.isoformat() if event.deadline else None
    return values


def case_event_from(payload: Mapping[str, Any]) -> CaseEvent:
    deadline = payload.get("deadline")
    return CaseEvent(
        **{
            **payload,
            "occurred_at": datetime.fromisoformat(payload["occurred_at"]),
            "deadline": date.fromisoformat(deadline) if deadline else None,
        }
    )


def reminder_payload(reminder: DeadlineReminder) -> dict[str, Any]:
    values = asdict(reminder)
    values["deadline"] = reminder.deadline.isoformat()
    values["staff_person_ids"] = list(reminder.staff_person_ids)
    return values


def reminder_from(payload: Mapping[str, Any]) -> DeadlineReminder:
    return DeadlineReminder(
        **{
            **payload,
            "deadline": date.fromisoformat(payload["deadline"]),
            "staff_person_ids": tuple(payload["staff_person_ids"]),
        }
    )
