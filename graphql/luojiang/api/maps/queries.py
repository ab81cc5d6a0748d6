"""The electronic map: nearest places around a point."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from luojiang.api.context import Info
from luojiang.api.maps.types import Coordinates, Crs
from luojiang.core.maps.service import NearbyPlace as CoreNearby


@strawberry.enum(description="Kinds of places on the map.")
class PlaceKind(Enum):
    HALL = "hall"
    STATION = "station"
    SCENIC_AREA = "scenic_area"
    SCENIC_POINT = "scenic_point"
    RESOURCE = "resource"


@strawberry.type(description="A place near the given point; location is in the caller's system.")
class NearbyPlace:
    kind: str = strawberry.field(description="hall, scenic_area, scenic_point or resource")
    code: str = strawberry.field(description="Its catalogue code.")
    name: str = strawberry.field(description="Its name.")
    address: str = strawberry.field(description="Street address; empty when unknown.")
    distance_meters: float = strawberry.field(
        description="Straight-line distance from the given point, in metres."
    )
    location: Coordinates = strawberry.field(description="Where it is.")

    @classmethod
    def from_core(cls, n: CoreNearby, crs: Crs) -> NearbyPlace:
        return cls(
            kind=n.place.kind,
            code=n.place.code,
            name=n.place.name,
            address=n.place.address,
            distance_meters=n.distance_m,
            location=Coordinates(lng=round(n.lng, 7), lat=round(n.lat, 7), crs=crs),
        )


@strawberry.type
class MapQueries:
    @strawberry.field(description="Places within radiusMeters of (lng, lat), nearest first.")
    async def nearby(
        self,
        info: Info,
        lng: float,
        lat: float,
        radius_meters: float,
        first: Annotated[int, strawberry.argument(description="1 to 100.")] = 20,
        crs: Crs = Crs.GCJ02,
        kinds: list[PlaceKind] | None = None,
    ) -> list[NearbyPlace]:
        wanted = {k.value for k in kinds} if kinds else None
        found = await info.context.services.maps.nearby(lng, lat, crs.core(), radius_meters, first, wanted)
        return [NearbyPlace.from_core(n, crs) for n in found]
