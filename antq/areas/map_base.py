"""The maps' own base when no tile server is configured: today's provinces or communes whose
centre lies in a box, read once per box, day and state of the tree, then served from the cache.

A box is widened to a grid so that nearby views share one answer, and refused when too large for
its level; each answer holds at most a level's limit of units. Any write to the tree (a save or
a delete of one unit, or a bulk load or import, which call `forget` themselves) starts a new
generation of answers, so a renamed or new unit shows on the next request."""

import math

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
