"""The maps' own base when no tile server is configured: today's provinces or communes whose
centre lies in a box, read once per box, day and state of the tree, then served from the cache.

A box is widened to a grid so that nearby views share one answer, and refused when too large for
its level; each answer holds at most a level's limit of units. Any write to the tree (a save or
a delete of one unit, or a bulk load or import, which call `forget` themselves) starts a new
generation of answers, so a renamed or new unit shows on the next request."""

import json
import math

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.areas import selectors
from antq.areas.choices import AreaLevel

# per level: the grid (degrees) a box is widened to, the widest box (after widening) served,
# and how many units one answer may hold
LEVELS = {
    "province": (AreaLevel.PROVINCE, 5.0, 40.0, 100),
    "commune": (AreaLevel.COMMUNE, 0.5, 2.0, 800),
}
SECONDS = 3600
GENERATION = "areas:map-base:generation"


def box_from(raw: str, level: str) -> list[float]:
    """`raw` (west,south,east,north in degrees, as Leaflet writes a box) widened to the level's
    grid, as [south, west, north, east]; a ValidationError naming what is wrong otherwise."""
    _level, grid, widest, _limit = LEVELS[level]
    try:
        west, south, east, north = (float(part) for part in raw.split(","))
    except ValueError:
        raise ValidationError(
            _("Give four numbers: west, south, east and north, in degrees.")
        ) from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValidationError(
            _("West must be less than east and south less than north, within -180…180 and -90…90.")
        )
    box = [
        math.floor(south / grid) * grid,
        math.floor(west / grid) * grid,
        math.ceil(north / grid) * grid,
        math.ceil(east / grid) * grid,
    ]
    if box[2] - box[0] > widest or box[3] - box[1] > widest:
        raise ValidationError(
            _("The box is too large for this level: at most {n} degrees on a side.").format(
                n=int(widest)
            )
        )
    return box


def units(level: str, box: list[float]) -> dict:
    """The answer for a level and a widened box: one query, or none when cached."""
    area_level, _grid, _widest, limit = LEVELS[level]
    key = "areas:map-base:{}:{}:{}:{}".format(
        cache.get_or_set(GENERATION, 0, None),
        level,
        ",".join(f"{x:g}" for x in box),
        timezone.localdate().isoformat(),
    )
    data = cache.get(key)
    if data is None:
        rows = selectors.units_in_box(area_level, *box, limit=limit)
        data = {
            "level": level,
            "box": box,
            "units": [list(row) for row in rows[:limit]],
            "truncated": len(rows) > limit,
        }
        cache.set(key, data, SECONDS)
    return data


def forget(**_signal):
    """Start a new generation once the write in hand is committed."""

    def bump():
        try:
            cache.incr(GENERATION)
        except ValueError:  # not set yet (or expired): any answer cached before is unreachable
            cache.set(GENERATION, 1, None)

    transaction.on_commit(bump)


# The land around Vietnam, for the same base: Natural Earth's 1:50m land (public domain), as the
# npm package world-atlas (ISC) ships it in TopoJSON. Land only, with no borders: coasts and
# islands without saying whose. Cut to this box (west, south, east, north), which holds every
# unit, the Hoàng Sa and Trường Sa archipelagos and the neighbouring coasts.
LAND_FILE = ("world-atlas", "land-50m.json")  # under node_modules, as package.json installs it
LAND_BOX = (97.0, 0.0, 125.0, 27.0)


def _clip(ring, box):
    """Sutherland–Hodgman: the part of a ring inside the box (a convex window), as a ring."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    )
    for inside, cross in edges:
        if not ring:
            break
        out, prev = [], ring[-1]
        for p in ring:
            if inside(p):
                if not inside(prev):
                    out.append(cross(prev, p))
                out.append(p)
            elif inside(prev):
                out.append(cross(prev, p))
            prev = p
        ring = out
    return ring


def _cross_x(a, b, x):
    return (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def _cross_y(a, b, y):
    return (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def land() -> dict:
    """The land in LAND_BOX as GeoJSON (a MultiPolygon, coordinates to 0.001°, about 55 kB),
    decoded from the TopoJSON (about 0.8 s) once, then cached."""
    return cache.get_or_set("areas:map-base:land:50m-4.1.0", _land, None)


def _land() -> dict:
    path = settings.BASE_DIR.joinpath("node_modules", *LAND_FILE)
    with open(path, encoding="utf-8") as f:
        topo = json.load(f)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:  # delta-encoded, quantised positions
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    polygons = []
    for geometry in topo["objects"]["land"]["geometries"]:
        for polygon in geometry["arcs"]:
            rings = []
            for ring_arcs in polygon:
                ring = []
                for i in ring_arcs:
                    points = arcs[i] if i >= 0 else arcs[~i][::-1]
                    ring.extend(points[1:] if ring else points)
                clipped = _clip(ring, LAND_BOX)
                rounded = []
                for lon, lat in clipped:
                    p = [round(lon, 3), round(lat, 3)]
                    if not rounded or rounded[-1] != p:
                        rounded.append(p)
                if len(rounded) >= 3:
                    rings.append(rounded + [rounded[0]])
            if rings:
                polygons.append(rings)
    return {"type": "MultiPolygon", "coordinates": polygons}
