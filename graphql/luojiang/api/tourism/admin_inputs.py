"""Typed inputs of administrators' tourism edits, and their translation into the core's edits.
Values are checked by the core (the importer's row rules), not here."""

from __future__ import annotations

import strawberry

from luojiang.core.tourism.places import AreaEdit, ResourceEdit
from luojiang.core.tourism.points import PointEdit
from luojiang.core.tourism.walking_routes import RouteEdit


@strawberry.input(description="A place in GCJ-02 (the WeChat and Alipay map components' system).")
class LocationInput:
    lng: float = strawberry.field(description="Longitude, degrees east.")
    lat: float = strawberry.field(description="Latitude, degrees north.")


@strawberry.input(description="One ticket price.")
class TicketItemInput:
    name: str = strawberry.field(description="What the ticket is (成人票, 学生票, ...).")
    amount_fen: int = strawberry.field(description="The price in fen (1 yuan = 100 fen); 0 is free.")


@strawberry.input(description="What entry costs.")
class TicketInput:
    free: bool = strawberry.field(description="Entry is free.")
    items: list[TicketItemInput] = strawberry.field(
        description="The ticket prices; empty when free.", default_factory=list
    )


@strawberry.input(description="A scenic area, created or replaced by its catalogue code.")
class ScenicAreaInput:
    code: str = strawberry.field(description="The catalogue code, e.g. LJ-JQ-BMG.")
    name: str = strawberry.field(description="Name of the area.")
    location: LocationInput = strawberry.field(description="Where its entrance is.")
    level: str = strawberry.field(default="", description="Its A-level rating (e.g. 4A); empty when unrated.")
    town: str = strawberry.field(default="", description="Code of the town it is in.")
    address: str = strawberry.field(default="", description="Street address.")
    summary: str = strawberry.field(default="", description="A short introduction.")
    open_hours: str = strawberry.field(default="", description="Opening hours, as published.")
    ticket: TicketInput | None = strawberry.field(
        default=None, description="What entry costs; null when not given."
    )

    def to_edit(self) -> AreaEdit:
        ticket = None
        if self.ticket is not None:
            items = [{"name": i.name, "amount_fen": i.amount_fen} for i in self.ticket.items]
            ticket = {"free": self.ticket.free, "items": items}
        return AreaEdit(
            code=self.code,
            name=self.name,
            lng=self.location.lng,
            lat=self.location.lat,
            level=self.level,
            town=self.town,
            address=self.address,
            summary=self.summary,
            open_hours=self.open_hours,
            ticket=ticket,
        )


@strawberry.input(
    description="A guide point, created or replaced by its catalogue id (its printed code follows from it)."
)
class GuidePointInput:
    catalogue_id: str = strawberry.field(description="The catalogue's id, e.g. LJ-JQ-BMG-P08.")
    area: str = strawberry.field(description="The code of the scenic area it belongs to.")
    name: str = strawberry.field(description="Name of the spot.")
    location: LocationInput = strawberry.field(description="Where it is.")
    duration_seconds: int = strawberry.field(
        default=0, description="How long a visitor typically stays, in seconds."
    )
    position: int | None = strawberry.field(
        default=None, description="Its place in the area's tour; omitted: last when new, unchanged otherwise."
    )
    narration: str | None = strawberry.field(
        default=None,
        description="The zh-CN narration; a new point needs one. Other languages: editGuideNarration.",
    )

    def to_edit(self) -> PointEdit:
        return PointEdit(
            catalogue_id=self.catalogue_id,
            area=self.area,
            name=self.name,
            lng=self.location.lng,
            lat=self.location.lat,
            duration_s=self.duration_seconds,
            position=self.position,
            narration=self.narration,
        )


@strawberry.input(description="A walking route, created or replaced by its code.")
class TourRouteInput:
    code: str = strawberry.field(description="The route's code.")
    area: str = strawberry.field(description="The code of the scenic area it walks through.")
    name: str = strawberry.field(description="Name of the route.")
    points: list[str] = strawberry.field(description="The printed codes of its points, in walking order.")

    def to_edit(self) -> RouteEdit:
        return RouteEdit(code=self.code, area=self.area, name=self.name, points=self.points)


@strawberry.input(description="An entry of the tourism resources ledger, created or replaced by its code.")
class TourismResourceInput:
    code: str = strawberry.field(description="The ledger's code, e.g. LJ-RES-047.")
    kind: str = strawberry.field(description="宾馆, 饭店, 农家乐, 旅行社 or 特产店.")
    name: str = strawberry.field(description="Its name.")
    location: LocationInput = strawberry.field(description="Where it is.")
    town: str = strawberry.field(default="", description="Code of the town it is in.")
    address: str = strawberry.field(default="", description="Street address.")
    phone: str = strawberry.field(default="", description="Phone number.")
    tags: list[str] = strawberry.field(
        description="Words it is found by (e.g. 停车场, 素食).", default_factory=list
    )

    def to_edit(self) -> ResourceEdit:
        return ResourceEdit(
            code=self.code,
            kind=self.kind,
            name=self.name,
            lng=self.location.lng,
            lat=self.location.lat,
            town=self.town,
            address=self.address,
            phone=self.phone,
            tags=tuple(self.tags),
        )
