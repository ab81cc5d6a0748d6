"""Nearest-first search around a point, in the caller's coordinate system."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from luojiang.core.errors import DomainError
from luojiang.core.maps.coords import Crs, distance_m, from_gcj02, to_gcj02
from luojiang.core.maps.ports import Place, PlaceSource

MAX_RADIUS_M = 50_000
MAX_RESULTS = 100


@dataclass(frozen=True)
class NearbyPlace:
    place: Place
    distance_m: float
    lng: float  # in the caller's system
    lat: float


class MapService:
    def __init__(self, sources: Sequence[PlaceSource]) -> None:
        self._sources = sources

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset().union(*(s.kinds for s in self._sources))

    async def nearby(
        self,
        lng: float,
        lat: float,
        crs: Crs,
        radius_m: float,
        limit: int,
        kinds: Collection[str] | None = None,
    ) -> list[NearbyPlace]:
        _check_point(lng, lat)
        if not 0 < radius_m <= MAX_RADIUS_M:
            raise DomainError.one(
                "INVALID_RADIUS", f"the radius must be above 0 and at most {MAX_RADIUS_M} m", "radius"
            )
        if not 1 <= limit <= MAX_RESULTS:
            raise DomainError.one("INVALID_PAGE_SIZE", f"first must be between 1 and {MAX_RESULTS}", "first")
        wanted = set(kinds) if kinds else set(self.kinds)
        if unknown := wanted - self.kinds:
            raise DomainError.one("INVALID_KIND", f"unknown place kinds {sorted(unknown)}", "kinds")
        centre = to_gcj02(lng, lat, crs)
        found = []
        for source in self._sources:
            if source.kinds & wanted:
                for place in await source.places(wanted):
                    if place.kind in wanted and (d := distance_m(centre, (place.lng, place.lat))) <= radius_m:
                        found.append((d, place))
        found.sort(key=lambda pair: (pair[0], pair[1].code))
        return [NearbyPlace(p, round(d, 1), *from_gcj02(p.lng, p.lat, crs)) for d, p in found[:limit]]


def _check_point(lng: float, lat: float) -> None:
    if not (-180 <= lng <= 180) or lng != lng:
        raise DomainError.one("INVALID_COORDINATES", "longitude must be between -180 and 180", "lng")
    if not (-90 <= lat <= 90) or lat != lat:
        raise DomainError.one("INVALID_COORDINATES", "latitude must be between -90 and 90", "lat")
