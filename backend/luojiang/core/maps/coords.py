"""Conversion between the three coordinate systems Chinese map front ends use.

- WGS-84: GPS and international maps.
- GCJ-02: the state-mandated offset system of AMap, Tencent maps, and the map components of the
  WeChat and Alipay mini-programs. **The catalogue stores GCJ-02.**
- BD-09: Baidu's further offset of GCJ-02.

GCJ-02 is a published, deterministic obfuscation (the Krasovsky 1940 ellipsoid with trigonometric
offsets); its inverse has no closed form, so WGS-84 from GCJ-02 is solved by a few fixed-point
iterations (to well under a centimetre). Outside China's box GCJ-02 equals WGS-84. No maintained
Python library was found (the PyPI candidates are unmaintained or ship opaque binaries), so this is
a small module tested against the vectors of the widely used coordtransform library.
"""

from __future__ import annotations

import math
from enum import StrEnum

A = 6378245.0  # Krasovsky 1940 semi-major axis
EE = 0.00669342162296594323  # its eccentricity squared
X_PI = math.pi * 3000.0 / 180.0


class Crs(StrEnum):
    WGS84 = "WGS-84"
    GCJ02 = "GCJ-02"
    BD09 = "BD-09"


Point = tuple[float, float]  # (lng, lat)


def outside_china(lng: float, lat: float) -> bool:
    return not (73.66 < lng < 135.05 and 3.86 < lat < 53.55)


def _offset(lng: float, lat: float) -> Point:
    x, y = lng - 105.0, lat - 35.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    d_lat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    d_lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    d_lng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    d_lng += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lng += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    d_lng += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((A * (1 - EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (A / sqrt_magic * math.cos(rad) * math.pi)
    return d_lng, d_lat


def wgs84_to_gcj02(lng: float, lat: float) -> Point:
    if outside_china(lng, lat):
        return lng, lat
    d_lng, d_lat = _offset(lng, lat)
    return lng + d_lng, lat + d_lat


def gcj02_to_wgs84(lng: float, lat: float) -> Point:
    if outside_china(lng, lat):
        return lng, lat
    w_lng, w_lat = lng, lat
    for _ in range(8):  # fixed point: find the WGS-84 point whose GCJ-02 image is (lng, lat)
        g_lng, g_lat = wgs84_to_gcj02(w_lng, w_lat)
        w_lng, w_lat = w_lng - (g_lng - lng), w_lat - (g_lat - lat)
    return w_lng, w_lat


def gcj02_to_bd09(lng: float, lat: float) -> Point:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def bd09_to_gcj02(lng: float, lat: float) -> Point:
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def to_gcj02(lng: float, lat: float, crs: Crs) -> Point:
    if crs is Crs.WGS84:
        return wgs84_to_gcj02(lng, lat)
    if crs is Crs.BD09:
        return bd09_to_gcj02(lng, lat)
    return lng, lat


def from_gcj02(lng: float, lat: float, crs: Crs) -> Point:
    if crs is Crs.WGS84:
        return gcj02_to_wgs84(lng, lat)
    if crs is Crs.BD09:
        return gcj02_to_bd09(lng, lat)
    return lng, lat


def distance_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres (haversine on a 6 371 km sphere); at a district's scale the
    GCJ-02 offset is nearly uniform, so distances between GCJ-02 points are true to a metre."""
    lng1, lat1, lng2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))
