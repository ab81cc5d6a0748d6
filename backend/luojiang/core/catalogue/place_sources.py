"""What the catalogue gives the map (``luojiang.core.maps.sources``): halls and stations."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from luojiang.core.catalogue.models import Hall
from luojiang.core.maps.sources import Place

STATION_KINDS = ("village_station",)


class HallPlaces:
    kinds = frozenset({"hall", "station"})

    async def places(self, kinds: Collection[str]) -> Sequence[Place]:
        query = Hall.filter(retired_at=None)
        if "hall" not in kinds:
            query = query.filter(kind__in=STATION_KINDS)
        elif "station" not in kinds:
            query = query.exclude(kind__in=STATION_KINDS)
        return [
            Place("station" if h.kind in STATION_KINDS else "hall", h.code, h.name, h.lng, h.lat, h.address)
            for h in await query.order_by("id")
        ]
