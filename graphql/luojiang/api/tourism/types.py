"""Tourism object types; relations load through loaders, rules come from the tourism service."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from strawberry import relay

from luojiang.api.context import Info
from luojiang.api.nodes import RowNode
from luojiang.api.tourism import loaders
from luojiang.core.tourism import models, rules
from luojiang.core.tourism.rules import TOURISM_TAG, point_tag


@strawberry.type(description="A place on the map, in GCJ-02 (the WeChat and Alipay map components' system).")
class Location:
    lng: float = strawberry.field(description="Longitude, degrees east.")
    lat: float = strawberry.field(description="Latitude, degrees north.")
    crs: str = strawberry.field(default="GCJ-02", description="Always GCJ-02.")


@strawberry.type(description="A scenic area with guide points.")
class ScenicArea(RowNode[models.ScenicArea]):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="The area's catalogue code, e.g. LJ-JQ-BMG.")
    name: str = strawberry.field(description="Name of the area.")
    level: str = strawberry.field(description="Its A-level rating (e.g. 4A); empty when unrated.")
    address: str = strawberry.field(description="Street address.")
    summary: str = strawberry.field(description="A short introduction.")
    open_hours: str = strawberry.field(description="Opening hours, as published.")
    location: Location = strawberry.field(description="Where its entrance is.")

    @strawberry.field(description="The area's guide points, in the order of its tour.")
    async def points(self, info: Info) -> list[GuidePoint]:
        rows = await info.context.loaders.get(loaders.points_of_areas).load(self.id)
        return [GuidePoint.from_model(r) for r in rows]

    @strawberry.field(description="Walking routes through the area's points.")
    async def routes(self, info: Info) -> list[TourRoute]:
        rows = await info.context.loaders.get(loaders.routes_of_areas).load(self.id)
        return [TourRoute.from_model(r) for r in rows]

    @classmethod
    def from_model(cls, row: models.ScenicArea) -> ScenicArea:
        return cls(
            id=row.id,
            code=row.code,
            name=row.name,
            level=row.level,
            address=row.address,
            summary=row.summary,
            open_hours=row.open_hours,
            location=Location(lng=row.lng, lat=row.lat),
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.ScenicArea | None]:
        info.context.cache_tags.add(TOURISM_TAG)
        return await info.context.loaders.get(loaders.area_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.ScenicArea) -> bool:
        return True


@strawberry.type(description="A walking route: guide points in the order a visitor meets them.")
class TourRoute:
    code: str = strawberry.field(description="The route's code.")
    name: str = strawberry.field(description="Name of the route.")
    point_ids: strawberry.Private[list[int]]

    @classmethod
    def from_model(cls, row: models.Route) -> TourRoute:
        return cls(code=row.code, name=row.name, point_ids=list(row.point_ids))

    @strawberry.field(description="Its guide points, in walking order.")
    async def points(self, info: Info) -> list[GuidePoint]:
        rows = await info.context.loaders.get(loaders.point_by_id).load_many(self.point_ids)
        return [GuidePoint.from_model(r) for r in rows if r is not None]


@strawberry.type(description="A guide point's story in one language.")
class Narration:
    language: str = strawberry.field(description="The language of this text: the requested one, or zh-CN.")
    requested_language: str = strawberry.field(description="The language that was asked for.")
    fell_back: bool = strawberry.field(description="True when the requested language had no text.")
    text: str = strawberry.field(description="The transcript of the audio.")
    audio_url: str | None = strawberry.field(
        description="The audio file (byte ranges served); null when there is none."
    )
    duration_seconds: int = strawberry.field(description="Length of the audio, in seconds.")


@strawberry.type(description="A hotel, restaurant, farm stay, travel agency or local product shop.")
class TourismResource(RowNode[models.Resource]):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="The ledger's code, e.g. LJ-RES-047.")
    kind: str = strawberry.field(description="宾馆, 饭店, 农家乐, 旅行社 or 特产店")
    name: str = strawberry.field(description="Its name.")
    address: str = strawberry.field(description="Street address.")
    phone: str = strawberry.field(description="Phone number; empty when unknown.")
    tags: list[str] = strawberry.field(description="Words it is found by (e.g. 停车场, 素食).")
    location: Location = strawberry.field(description="Where it is.")

    @classmethod
    def from_model(cls, row: models.Resource) -> TourismResource:
        return cls(
            id=row.id,
            code=row.code,
            kind=row.kind,
            name=row.name,
            address=row.address,
            phone=row.phone,
            tags=list(row.tags),
            location=Location(lng=row.lng, lat=row.lat),
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Resource | None]:
        info.context.cache_tags.add(TOURISM_TAG)
        return await info.context.loaders.get(loaders.resource_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.Resource) -> bool:
        return True


@strawberry.type(description="A tourism resource and how far it is.")
class NearbyResource:
    distance_meters: int = strawberry.field(description="Straight-line distance, in whole metres.")
    resource: TourismResource = strawberry.field(description="The resource.")


@strawberry.type(description="A guide point and how far it is.")
class NearbyPoint:
    distance_meters: int = strawberry.field(description="Straight-line distance, in whole metres.")
    point: GuidePoint = strawberry.field(description="The guide point.")


@strawberry.type(description="A spot with an audio guide, found by the short code printed on its sign.")
class GuidePoint(RowNode[models.GuidePoint]):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="The short code printed in the spot's QR codes.")
    catalogue_id: str = strawberry.field(description="The catalogue's id, e.g. LJ-JQ-BMG-P08.")
    name: str = strawberry.field(description="Name of the spot.")
    location: Location = strawberry.field(description="Where it is.")
    duration_seconds: int = strawberry.field(description="How long a visitor typically stays, in seconds.")
    row: strawberry.Private[models.GuidePoint]

    @classmethod
    def from_model(cls, row: models.GuidePoint) -> GuidePoint:
        return cls(
            id=row.id,
            code=row.code,
            catalogue_id=row.catalogue_id,
            name=row.name,
            location=Location(lng=row.lng, lat=row.lat),
            duration_seconds=row.duration_s,
            row=row,
        )

    @strawberry.field(description="The scenic area it belongs to.")
    async def area(self, info: Info) -> ScenicArea:
        area = await info.context.loaders.get(loaders.area_by_id).load(self.row.area_id)
        if area is None:  # a non-null foreign key: only a broken database gets here
            raise LookupError(f"area {self.row.area_id} of point {self.code} is missing")
        return ScenicArea.from_model(area)

    @strawberry.field(description="The languages this point has a narration in.")
    async def languages(self, info: Info) -> list[str]:
        narrations = await info.context.loaders.get(loaders.narrations_by_point_id).load(self.row.id)
        return sorted(narrations)

    @strawberry.field(description="The narration in `language`, falling back to zh-CN.")
    async def narration(self, info: Info, language: str = rules.DEFAULT_LANGUAGE) -> Narration | None:
        requested = rules.supported_language(language)
        narrations = await info.context.loaders.get(loaders.narrations_by_point_id).load(self.row.id)
        choice = rules.choose_narration(self.row, narrations, requested)
        if choice is None:
            return None
        storage = info.context.services.storage
        return Narration(
            language=choice.language,
            requested_language=choice.requested,
            fell_back=choice.fell_back,
            text=choice.text,
            audio_url=storage.public_url(choice.audio_key) if choice.audio_key else None,
            duration_seconds=choice.duration_s,
        )

    @strawberry.field(description="The next point of the area's tour, if any.")
    async def next(self, info: Info) -> GuidePoint | None:
        row = await info.context.loaders.get(loaders.next_point_by_point).load(self.row)
        return GuidePoint.from_model(row) if row else None

    @strawberry.field(description="Other guide points within 5 km, nearest first.")
    async def nearby_points(self, info: Info, first: int = 5) -> list[NearbyPoint]:
        key = (self.row.id, rules.nearby_limit(first))
        found = await info.context.loaders.get(loaders.nearby_points).load(key)
        return [NearbyPoint(distance_meters=round(d), point=GuidePoint.from_model(p)) for d, p in found]

    @strawberry.field(description="Tourism resources within 5 km, nearest first.")
    async def nearby_resources(self, info: Info, first: int = 5) -> list[NearbyResource]:
        key = (self.row.id, rules.nearby_limit(first))
        found = await info.context.loaders.get(loaders.nearby_resources).load(key)
        return [
            NearbyResource(distance_meters=round(d), resource=TourismResource.from_model(r)) for d, r in found
        ]

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.GuidePoint | None]:
        rows = await info.context.loaders.get(loaders.point_by_id).load_many(keys)
        info.context.cache_tags.update([TOURISM_TAG, *(point_tag(r.code) for r in rows if r)])
        return rows

    @classmethod
    def may_see(cls, info: Info, row: models.GuidePoint) -> bool:
        return True
