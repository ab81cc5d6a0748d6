"""Online-application jobs (DESIGN 2.4, 2.8): deadline reminders to staff before cases go overdue.

Safe to run twice or on two workers at once: each reminder is claimed by a unique row in the
transaction that hands it to ``CaseEvents.remind``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from luojiang.core.applications.deadlines import remind_due
from luojiang.workers.resources import Resources

REMIND_DEADLINES = "applications.remind_deadlines"


async def remind_deadlines_job(resources: Resources, within: int | None = None) -> dict[str, int]:
    days = resources.settings.application_remind_working_days if within is None else within
    given = await remind_due(resources.case_event_receiver(), lambda: datetime.now(UTC), days)
    return {"reminded": given}
