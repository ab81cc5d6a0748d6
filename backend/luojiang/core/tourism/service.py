"""The tourism area's entry point for the GraphQL layer and the web pages: scans, administrators'
audited edits (each announced after commit), audio uploads, code jobs and scan statistics.
Reads of public content go through ``repository`` and ``rules`` directly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.core.jobs import JobQueue
from luojiang.core.storage.ports import Storage
from luojiang.core.tourism import (
    admin,
    places,
    points,
    qr_images,
    rules,
    scan_statistics,
    scans,
    walking_routes,
)
from luojiang.core.tourism.edits import ContentChanges
from luojiang.core.tourism.models import GuidePoint, Narration, Resource, Route, ScenicArea


@dataclass(frozen=True)
class TourismService:
    changes: ContentChanges  # retires cached responses and search entries after an edit commits
    redis: aioredis.Redis
    storage: Storage
    jobs: JobQueue
    scan_counter: scans.ScanCounter

    async def record_scan(self, code: str, channel: str) -> GuidePoint:
        """Counts a scan of a point's printed code (NOT_FOUND for an unknown code)."""
        point = await rules.point_by_code(code)
        await self.count_scan(point, channel)
        return point

    async def count_scan(self, point: GuidePoint, channel: str) -> None:
        """A scan of a point already read (the guide page reads it with all it shows)."""
        await self.scan_counter.count(point.id, channel)

    async def edit_narration(self, actor: str, code: str, language: str, text: str) -> GuidePoint:
        await admin.edit_narration(self.changes, actor, code, language, text)
        return await rules.point_by_code(code)

    async def attach_audio(
        self, actor: str, code: str, language: str, data: bytes, duration_s: int | None
    ) -> Narration:
        return await admin.attach_audio(self.redis, self.storage, actor, code, language, data, duration_s)

    async def queue_codes(self, area: str, kind: str) -> str:
        """The job that makes an area's codes of one kind; its codes show in ``code_statuses``."""
        return await qr_images.queue_area_codes(self.jobs, area, kind)

    async def scan_statistics(
        self, since: dt.date, until: dt.date, area: str | None
    ) -> list[scan_statistics.ScanRow]:
        return await scan_statistics.statistics(self.redis, since, until, area)

    async def save_area(self, actor: str, edit: places.AreaEdit) -> ScenicArea:
        return await places.save_area(self.changes, actor, edit)

    async def retire_area(self, actor: str, code: str) -> ScenicArea:
        return await places.retire_area(self.changes, actor, code)

    async def save_resource(self, actor: str, edit: places.ResourceEdit) -> Resource:
        return await places.save_resource(self.changes, actor, edit)

    async def retire_resource(self, actor: str, code: str) -> Resource:
        return await places.retire_resource(self.changes, actor, code)

    async def save_point(self, actor: str, edit: points.PointEdit) -> GuidePoint:
        return await points.save_point(self.changes, actor, edit)

    async def retire_point(self, actor: str, code: str) -> GuidePoint:
        return await points.retire_point(self.changes, actor, code)

    async def save_route(self, actor: str, edit: walking_routes.RouteEdit) -> Route:
        return await walking_routes.save_route(self.changes, actor, edit)

    async def retire_route(self, actor: str, code: str) -> Route:
        return await walking_routes.retire_route(self.changes, actor, code)
