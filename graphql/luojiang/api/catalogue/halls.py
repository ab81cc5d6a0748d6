"""Service halls and stations with their windows, located in the caller's coordinate system."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from luojiang.api.catalogue import loaders
from luojiang.api.catalogue.types import Department, Matter
from luojiang.api.context import Info
from luojiang.api.maps.types import Coordinates, Crs
from luojiang.api.nodes import RowNode
from luojiang.core.catalogue import models
from luojiang.core.catalogue.service import CATALOGUE_TAG


@strawberry.enum(description="District service centre, town service centre, or village/community station.")
class HallKind(Enum):
    DISTRICT_CENTER = "district_center"
    TOWN_CENTER = "town_center"
    VILLAGE_STATION = "village_station"


@strawberry.type(description="A window of a hall, and what it handles.")
class Window:
    no: str = strawberry.field(description="The window's number as signed in the hall.")
    name: str = strawberry.field(description="The window's name.")
    department_codes: strawberry.Private[list[str]]
    matter_codes: strawberry.Private[list[str]]

    @strawberry.field(description="Departments served at this window.")
    async def departments(self, info: Info) -> list[Department]:
        rows = await info.context.loaders.get(loaders.department_by_code).load_many(self.department_codes)
        return [Department.from_model(r) for r in rows if r]

    @strawberry.field(description="Matters handled at this window.")
    async def matters(self, info: Info) -> list[Matter]:
        rows = await info.context.loaders.get(loaders.matter_by_code).load_many(self.matter_codes)
        return [Matter.from_model(r) for r in rows if r]

    @classmethod
    def from_dict(cls, w: dict[str, Any]) -> Window:
        return cls(no=w["no"], name=w["name"], department_codes=w["departments"], matter_codes=w["matters"])


@strawberry.type(description="A service hall (政务/便民服务中心) or station (便民服务站).")
class Hall(RowNode[models.Hall]):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="The hall's code in the district catalogue.")
    name: str = strawberry.field(description="Name of the hall or station.")
    kind: HallKind = strawberry.field(description="District centre, town centre or village station.")
    town_code: str = strawberry.field(description="Code of the town (乡镇/街道) it is in.")
    address: str = strawberry.field(description="Street address.")
    hours: str = strawberry.field(description="Opening hours, as published.")
    phone: str = strawberry.field(description="Enquiry phone number.")
    windows: list[Window] = strawberry.field(description="Its windows, in number order.")
    gcj02: strawberry.Private[tuple[float, float]]

    @strawberry.field(description="Where it is, in the system the caller's map uses (GCJ-02 by default).")
    def location(self, crs: Crs = Crs.GCJ02) -> Coordinates:
        return Coordinates.from_gcj02(*self.gcj02, crs)

    @strawberry.field(description="Name of the town it is in; null when unknown.")
    async def town(self, info: Info) -> str | None:
        row = await info.context.loaders.get(loaders.town_by_code).load(self.town_code)
        return row.name if row else None

    @classmethod
    def from_model(cls, row: models.Hall) -> Hall:
        return cls(
            id=row.id,
            code=row.code,
            name=row.name,
            kind=HallKind(row.kind),
            town_code=row.town,
            address=row.address,
            hours=row.hours,
            phone=row.phone,
            windows=[Window.from_dict(w) for w in row.windows],
            gcj02=(row.lng, row.lat),
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Hall | None]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        return await info.context.loaders.get(loaders.hall_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.Hall) -> bool:
        return row.retired_at is None
