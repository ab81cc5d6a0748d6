"""What the map needs from other areas: *sources* of places with GCJ-02 coordinates.

An area plugs in by implementing :class:`PlaceSource` and adding it to the list the composition
root gives the map service (``luojiang.app.navigation_wiring.place_sources``). ``kinds`` says which place
kinds it can give, so a query filtered by kind asks only the sources that matter.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Place:
    kind: str  # "hall", "station", "scenic_area", "scenic_point", "resource"
    code: str
    name: str
    lng: float  # GCJ-02
    lat: float  # GCJ-02
    address: str = ""


class PlaceSource(Protocol):
    kinds: frozenset[str]

    async def places(self, kinds: Collection[str]) -> Sequence[Place]: ...
