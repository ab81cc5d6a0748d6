"""What the catalogue gives the map (``luojiang.core.maps.ports``): halls and stations."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from luojiang.core.catalogue import repository
from luojiang.core.maps.ports import Place

STATION_KINDS = ("village_station",)


class HallPlaces:
    kinds = frozenset({"hall", "station"})

    async def places(self, kinds: Collection[str]) -> Sequence[Place]:
        if "hall" not in kinds:
            halls = await repository.current_halls(STATION_KINDS)
        elif "station" not in kinds:
            halls = await repository.current_halls(but=STATION_KINDS)
        else:
            halls = await repository.current_halls()
        return [
            Place("station" if h.kind in STATION_KINDS else "hall", h.code, h.name, h.lng, h.lat, h.address)
            for h in halls
        ]
