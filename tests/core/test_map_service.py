"""The map service on its own (no database, no GraphQL): places from any source, nearest first
within the radius, in the caller's coordinate system; bad input is a typed error."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pytest

from luojiang.core.errors import DomainError
from luojiang.core.maps.coords import Crs, gcj02_to_bd09
from luojiang.core.maps.ports import Place
from luojiang.core.maps.service import MapService

CENTRE = (104.5143, 31.3208)  # GCJ-02


class Halls:
    kinds = frozenset({"hall", "station"})

    def __init__(self) -> None:
        self.asked: list[set[str]] = []

    async def places(self, kinds: Collection[str]) -> Sequence[Place]:
        self.asked.append(set(kinds))
        return [
            Place("hall", "H-CENTRE", "centre", *CENTRE),
            Place("station", "S-NEAR", "near", 104.5243, 31.3208),  # about 950 m east
            Place("station", "S-FAR", "far", 104.6143, 31.3208),  # about 9.5 km east
        ]


class Spots:
    kinds = frozenset({"scenic_point"})

    async def places(self, kinds: Collection[str]) -> Sequence[Place]:
        return [Place("scenic_point", "P-NEAR", "spot", 104.5143, 31.3258)]  # about 555 m north


async def test_nearest_first_within_the_radius_across_sources() -> None:
    found = await MapService([Halls(), Spots()]).nearby(*CENTRE, Crs.GCJ02, 2000, 10)
    assert [p.place.code for p in found] == ["H-CENTRE", "P-NEAR", "S-NEAR"]
    assert found[0].distance_m == 0.0
    assert 500 < found[1].distance_m < 600
    assert 900 < found[2].distance_m < 1000


async def test_kinds_choose_the_sources_asked_and_the_places_kept() -> None:
    halls = Halls()
    found = await MapService([halls, Spots()]).nearby(*CENTRE, Crs.GCJ02, 20_000, 10, kinds=["station"])
    assert [p.place.code for p in found] == ["S-NEAR", "S-FAR"]
    assert halls.asked == [{"station"}]


async def test_a_point_given_in_bd09_is_answered_in_bd09() -> None:
    bd = gcj02_to_bd09(*CENTRE)
    found = await MapService([Halls()]).nearby(*bd, Crs.BD09, 100, 1)
    assert found[0].place.code == "H-CENTRE"
    assert found[0].distance_m < 2
    assert abs(found[0].lng - bd[0]) < 1e-6


@pytest.mark.parametrize(
    ("point", "radius", "limit", "kinds", "code", "field"),
    [
        ((181.0, 31.3), 100, 1, None, "INVALID_COORDINATES", "lng"),
        ((104.5, float("nan")), 100, 1, None, "INVALID_COORDINATES", "lat"),
        (CENTRE, 0, 1, None, "INVALID_RADIUS", "radius"),
        (CENTRE, 50_001, 1, None, "INVALID_RADIUS", "radius"),
        (CENTRE, 100, 0, None, "INVALID_PAGE_SIZE", "first"),
        (CENTRE, 100, 1, ["airport"], "INVALID_KIND", "kinds"),
    ],
)
async def test_bad_input_is_a_typed_error(
    point: tuple[float, float], radius: float, limit: int, kinds: list[str] | None, code: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        await MapService([Halls()]).nearby(*point, Crs.GCJ02, radius, limit, kinds=kinds)
    assert (refused.value.problems[0].code, refused.value.problems[0].field) == (code, field)
