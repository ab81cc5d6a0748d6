"""Tourism queries: the public point-by-code (no login, response-cached) and administrators'
scan statistics. Resolvers translate: arguments in, one service call, types out."""

from __future__ import annotations

import datetime as dt

import strawberry

from luojiang.api.context import Info
from luojiang.api.relay import Connection, First
from luojiang.api.tourism import loaders
from luojiang.api.tourism.permissions import tourism_admin
from luojiang.api.tourism.types import GuidePoint, ScenicArea
from luojiang.core.pagination import PageRequest
from luojiang.core.tourism import qr_images, repository, rules
from luojiang.core.tourism.rules import TOURISM_TAG, point_tag


@strawberry.type(description="Scans of one point from one channel on one day (Asia/Shanghai).")
class ScanStatistic:
    day: dt.date = strawberry.field(description="The day, in Asia/Shanghai.")
    point_code: str = strawberry.field(description="The point's printed code.")
    point_name: str = strawberry.field(description="The point's name.")
    channel: str = strawberry.field(description="The channel the scans came from (the requests' channel).")
    count: int = strawberry.field(description="Scans counted.")


@strawberry.type(description="One of a point's printable codes and whether it has been made.")
class GuideCode:
    point_code: str = strawberry.field(description="The point's printed code.")
    point_name: str = strawberry.field(description="The point's name.")
    kind: str = strawberry.field(description="url (any camera), wechat or alipay.")
    status: str = strawberry.field(description="missing, pending, ready or failed.")
    image_url: str | None = strawberry.field(description="The printable image; null until ready.")
    error: str = strawberry.field(description="Why the platform refused, when it did.")


@strawberry.type
class TourismQueries:
    @strawberry.field(description="Scenic areas, in catalogue order; needs no login.")
    async def scenic_areas(
        self, info: Info, first: First, after: str | None = None
    ) -> Connection[ScenicArea]:
        info.context.cache_tags.add(TOURISM_TAG)
        page = await repository.area_page(PageRequest(first=first, after=after))
        return Connection.from_page(page, ScenicArea.from_model)

    @strawberry.field(
        description="A scenic area by its catalogue code (e.g. LJ-JQ-BMG); null when there is none."
    )
    async def scenic_area(self, info: Info, code: str) -> ScenicArea | None:
        info.context.cache_tags.add(TOURISM_TAG)
        row = await repository.area_by_code(code)
        return ScenicArea.from_model(row) if row else None

    @strawberry.field(description="A guide point by the code printed on its sign; needs no login.")
    async def guide_point(self, info: Info, code: str) -> GuidePoint | None:
        point = await rules.point_by_code(code)
        info.context.cache_tags.update([TOURISM_TAG, point_tag(point.code)])
        info.context.loaders.get(loaders.area_by_id).prime(point.area_id, point.area)  # read with the point
        return GuidePoint.from_model(point)

    @strawberry.field(description="Scans counted so far, today's included; administrators only.")
    async def guide_scan_statistics(
        self, info: Info, since: dt.date, until: dt.date, area: str | None = None
    ) -> list[ScanStatistic]:
        tourism_admin(info)
        rows = await info.context.services.tourism.scan_statistics(since, until, area)
        return [
            ScanStatistic(
                day=r.day, point_code=r.point_code, point_name=r.point_name, channel=r.channel, count=r.count
            )
            for r in rows
        ]

    @strawberry.field(description="An area's codes of every kind and their state; administrators only.")
    async def guide_codes(self, info: Info, area: str) -> list[GuideCode]:
        tourism_admin(info)
        storage = info.context.services.storage
        return [
            GuideCode(
                point_code=c.point_code,
                point_name=c.point_name,
                kind=c.kind,
                status=c.status,
                image_url=storage.public_url(c.storage_key) if c.storage_key else None,
                error=c.error,
            )
            for c in await qr_images.area_code_statuses(area)
        ]
