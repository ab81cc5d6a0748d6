"""Each guide point's nearest points and resources, ranked again whenever coordinates change (a
catalogue import, or an administrator's edit of a point or resource, in the same transaction), so
that a scan, the hottest path, reads a short list by point instead of measuring every point and
resource of the district.

Candidates come from a grid of cells one radius wide: whatever lies within the radius of a point
is in its cell or the eight around it."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TypeVar

from luojiang.core.tourism import repository
from luojiang.core.tourism.models import GuidePoint, PointNeighbour, Resource, ResourceNeighbour
from luojiang.core.tourism.rules import MAX_NEARBY, NEARBY_RADIUS_M

RADIUS_M = NEARBY_RADIUS_M
KEPT = MAX_NEARBY  # the most a query may ask for
Place = TypeVar("Place", GuidePoint, Resource)
Cell = tuple[int, int]


def _cell(lng: float, lat: float) -> Cell:
    # one radius of latitude per cell; a degree of longitude is shorter, so its cells are narrower
    # in metres than a radius only away from the equator: the span below widens them to match
    span = math.degrees(RADIUS_M / repository.EARTH_RADIUS_M)
    return math.floor(lng * math.cos(math.radians(lat)) / span), math.floor(lat / span)


def _grid(places: Sequence[Place]) -> dict[Cell, list[Place]]:
    cells: dict[Cell, list[Place]] = defaultdict(list)
    for place in places:
        cells[_cell(place.lng, place.lat)].append(place)
    return cells


def _around(grid: dict[Cell, list[Place]], point: GuidePoint) -> Iterator[Place]:
    x, y = _cell(point.lng, point.lat)
    for dx in (-2, -1, 0, 1, 2):  # ±2: the cos(lat) scaling differs a little between two latitudes
        for dy in (-1, 0, 1):
            yield from grid.get((x + dx, y + dy), ())


def nearest(point: GuidePoint, grid: dict[Cell, list[Place]], skip: int | None) -> list[tuple[float, Place]]:
    """The KEPT nearest places within the radius, nearest first, ties by id."""
    measured = (
        (repository.distance_m(point.lng, point.lat, p.lng, p.lat), p)
        for p in _around(grid, point)
        if p.id != skip
    )
    within = sorted((m for m in measured if m[0] <= RADIUS_M), key=lambda m: (m[0], m[1].id))
    return within[:KEPT]


async def refresh_neighbours() -> None:
    """Ranks every point's neighbours again, in one transaction (a scan never sees half a list)."""
    points, resources = await repository.all_points(), await repository.all_resources()
    point_grid, resource_grid = _grid(points), _grid(resources)
    point_rows = [
        PointNeighbour(point_id=p.id, other_id=o.id, rank=rank, distance_m=d)
        for p in points
        for rank, (d, o) in enumerate(nearest(p, point_grid, skip=p.id))
    ]
    resource_rows = [
        ResourceNeighbour(point_id=p.id, resource_id=r.id, rank=rank, distance_m=d)
        for p in points
        for rank, (d, r) in enumerate(nearest(p, resource_grid, skip=None))
    ]
    await repository.replace_neighbours(point_rows, resource_rows)
