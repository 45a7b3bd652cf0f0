"""One set-based computation of indicators for any area and period.

`compute()` evaluates many indicators for an area (or for each of its children) with one
GROUP BY query per record type and period rule, over materialised-path prefixes: never a
Python loop over areas or records. Whole calendar months are read from the rollup instead.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import Substr

from antq.areas.models import Area
from antq.core.scoping import can, scope_q
from antq.indicators.registry import (
    REGISTRY,
    aggregates,
    alias,
    period_q,
    record_groups,
    with_denominators,
)
from antq.indicators.rollup.read import read_cells, whole_months
from antq.indicators.rollup.state import fresh_keys


@dataclass
class Result:
    """Values by indicator key for one area (or one child bucket)."""

    values: dict
    # False for figures kept from before the records that report a figure were counted (a report
    # signed off then): every figure reads as reported, as it did when it was kept
    tells_unreported: bool = True

    def value(self, key):
        return self.values.get(key, 0)

    def reported(self, key):
        """False when no record carried the figure (see `Indicator.reported_by`)."""
        by = REGISTRY[key].reported_by
        return not (by and self.tells_unreported) or bool(self.values.get(by, 0))

    def figure(self, key):
        """The value, or None when it was not reported."""
        return self.value(key) if self.reported(key) else None

    def rate(self, key):
        ind = REGISTRY[key]
        num, den = self.values.get(key, 0), self.values.get(ind.denominator, 0)
        return (Decimal(num) / Decimal(den)) if den else None


def compute(
    keys,
    *,
    user,
    area: Area,
    date_from: date | None = None,
    date_to: date | None = None,
    by_child=False,
):
    """{bucket path: Result} — bucket = `area.path` (by_child False) or each child's path
    (records attached to the area itself fall under `area.path`).

    Whole calendar months read the rollup (rollup/), kept current with every write, when the
    user sees the area's whole subtree; anything else (a period from mid-month, an indicator
    not built yet) is computed from the records, with the same result."""
    keys = with_denominators(keys)
    months = whole_months(date_from, date_to)
    kept = set()
    if months and can(user, "view", area):
        kept = keys & fresh_keys()
    out = defaultdict(dict)
    if keys - kept:
        direct = compute_direct(
            keys - kept,
            user=user,
            area=area,
            date_from=date_from,
            date_to=date_to,
            by_child=by_child,
        )
        for bucket, result in direct.items():
            out[bucket].update(result.values)
    if kept:
        for bucket, values in read_cells(kept, area, *months, by_child=by_child).items():
            out[bucket].update(values)
    return {bucket: Result(values) for bucket, values in out.items()}


def _units_by_bucket(qs, ind, area, prefix_len):
    """{bucket: n} of the distinct units (`ind.unit_path`: its measure is a unit's path) that
    hold a record of `qs` it counts, each in the bucket it lies in: the units under the area,
    as the rollup keeps them (a unit above the area, a village's commune, is not in it)."""
    rows = (
        qs.annotate(_unit=ind.measure[1])
        .filter(ind.where, _unit__startswith=area.path)
        .annotate(_bucket=Substr("_unit", 1, prefix_len))
        .values("_bucket")
        .annotate(n=Count("_unit", distinct=True))
        .order_by()
    )
    out = {}
    for row in rows:
        bucket = row["_bucket"] if len(row["_bucket"]) >= prefix_len else area.path
        out[bucket] = out.get(bucket, 0) + row["n"]
    return out


def compute_direct(
    keys,
    *,
    user,
    area: Area,
    date_from: date | None = None,
    date_to: date | None = None,
    by_child=False,
):
    """compute() from the records: one GROUP BY over path prefixes per record type and rule."""
    keys = with_denominators(keys)
    prefix_len = (area.depth + (1 if by_child else 0)) * Area.steplen
    out = defaultdict(dict)
    for model, path, inds in record_groups(keys):
        if model is Area:
            qs = Area.objects.filter(scope_q(user, path_lookup="path"))
        else:
            qs = model.objects.visible_to(user)
        # a unit under the area holds records under it (a unit is a record's area or above it)
        qs = qs.filter(**{f"{path}__startswith": area.path}).filter(
            period_q(inds[0], date_from, date_to)
        )
        for ind in inds:
            if ind.unit_path:
                for bucket, n in _units_by_bucket(qs, ind, area, prefix_len).items():
                    out[bucket][ind.key] = out[bucket].get(ind.key, 0) + n
        inds = [ind for ind in inds if not ind.unit_path]
        if not inds:
            continue
        rows = (
            qs.annotate(_bucket=Substr(path, 1, prefix_len))
            .values("_bucket")
            .annotate(**aggregates(inds))
            .order_by()
        )
        for row in rows:
            bucket = row["_bucket"]
            if len(bucket) < prefix_len:  # attached to the area itself, not to a child
                bucket = area.path
            for ind in inds:
                out[bucket][ind.key] = out[bucket].get(ind.key, 0) + (row[alias(ind.key)] or 0)
    return {bucket: Result(values) for bucket, values in out.items()}
