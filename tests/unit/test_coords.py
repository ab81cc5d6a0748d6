"""Coordinate conversion against the published vectors of the coordtransform library (README)."""

from __future__ import annotations

import pytest

from luojiang.core.maps.coords import (
    bd09_to_gcj02,
    distance_m,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    wgs84_to_gcj02,
)

POINT = (116.404, 39.915)


@pytest.mark.parametrize(
    ("convert", "expected"),
    [
        (bd09_to_gcj02, (116.39762729119315, 39.90865673957631)),
        (gcj02_to_bd09, (116.41036949371029, 39.92133699351021)),
        (wgs84_to_gcj02, (116.41024449916938, 39.91640428150164)),
    ],
)
def test_published_vectors(convert: object, expected: tuple[float, float]) -> None:
    lng, lat = convert(*POINT)  # type: ignore[operator]
    assert lng == pytest.approx(expected[0], abs=1e-9)
    assert lat == pytest.approx(expected[1], abs=1e-9)


def test_gcj02_to_wgs84_inverts_the_offset_exactly() -> None:
    # the published one-step inverse gives (116.39775550083061, 39.91359571849836), about a metre off;
    # ours iterates, so it lands within a millimetre of the true inverse
    lng, lat = gcj02_to_wgs84(*POINT)
    assert lng == pytest.approx(116.39775550083061, abs=2e-5)
    assert lat == pytest.approx(39.91359571849836, abs=2e-5)
    assert distance_m(wgs84_to_gcj02(lng, lat), POINT) < 0.001


def test_bd09_round_trip_and_points_outside_china_are_unchanged() -> None:
    luojiang = (104.5143, 31.3208)
    # Baidu's published inverse is itself approximate: a round trip drifts by centimetres
    assert distance_m(bd09_to_gcj02(*gcj02_to_bd09(*luojiang)), luojiang) < 0.1
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)


def test_distance_of_one_degree_of_latitude() -> None:
    assert distance_m((104.5, 31.0), (104.5, 32.0)) == pytest.approx(111_195, abs=5)
