"""Notification jobs: the daily licence-expiry reminder (safe to run twice: once per licence and
threshold, kept by the message's unique key)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from luojiang.workers.resources import Resources

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def remind_expiring_licences_job(resources: Resources) -> int:
    return await resources.notification_service().remind_expiring(datetime.now(SHANGHAI).date())
