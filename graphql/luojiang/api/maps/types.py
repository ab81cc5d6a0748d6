"""Map types: coordinates always say their system; the caller picks it."""

from __future__ import annotations

from enum import Enum

import strawberry

from luojiang.core.maps import coords


@strawberry.enum(
    description="A coordinate system: GCJ-02 for WeChat/Alipay/AMap/Tencent maps, BD-09 for Baidu."
)
class Crs(Enum):
    GCJ02 = "GCJ-02"
    WGS84 = "WGS-84"
    BD09 = "BD-09"

    def core(self) -> coords.Crs:
        return coords.Crs(self.value)


@strawberry.type(description="A point in the coordinate system named by crs.")
class Coordinates:
    lng: float = strawberry.field(description="Longitude, degrees east.")
    lat: float = strawberry.field(description="Latitude, degrees north.")
    crs: Crs = strawberry.field(description="The coordinate system of lng and lat.")

    @classmethod
    def from_gcj02(cls, lng: float, lat: float, crs: Crs) -> Coordinates:
        out_lng, out_lat = coords.from_gcj02(lng, lat, crs.core())
        return cls(lng=round(out_lng, 7), lat=round(out_lat, 7), crs=crs)
