"""Tourism queries: the public point-by-code (no login, response-cached) and administrators'
scan statistics. Resolvers translate: arguments in, one service call, types out."""

from __future__ import annotations

import datetime as dt

import strawberry

from luojiang.api.context import Info
from luojiang.api.tourism.permissions import tourism_admin
from luojiang.api.tourism.types import GuidePoint
from luojiang.core.tourism import scans, service
from luojiang.core.tourism.service import TOURISM_TAG, point_tag


@strawberry.type(description="Scans of one point from one channel on one day (Asia/Shanghai).")
class ScanStatistic:
    day: dt.date
    point_code: str
    point_name: str
    channel: str
    count: int


@strawberry.type
class TourismQueries:
    @strawberry.field(description="A guide point by the code printed on its sign; needs no login.")
    async def guide_point(self, info: Info, code: str) -> GuidePoint | None:
        point = await service.point_by_code(code)
        info.context.cache_tags.update([TOURISM_TAG, point_tag(point.code)])
        return GuidePoint.from_model(point)

    @strawberry.field(description="Scans counted so far (flushed every few minutes); administrators only.")
    async def guide_scan_statistics(
        self, info: Info, since: dt.date, until: dt.date, area: str | None = None
    ) -> list[ScanStatistic]:
        tourism_admin(info)
        rows = await scans.statistics(since, until, area)
        return [
            ScanStatistic(
                day=r.day, point_code=r.point_code, point_name=r.point_name, channel=r.channel, count=r.count
            )
            for r in rows
        ]
