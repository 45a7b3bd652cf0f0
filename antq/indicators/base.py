"""Indicators as declarations, and one set-based computation for any area and period.

An indicator says what it counts or sums (a measure over one record type, with a filter), how
its records fall in a period (a *stock* — what exists at the end of the period, such as
camera sites — or a *flow* — what happened within it, such as tips received), and optionally
a denominator (another indicator) that makes it a rate. Adding an indicator is one
`Indicator(...)` in `definitions.py`.

`compute()` evaluates many indicators for an area (or for each of its children) with one
GROUP BY query per record type and period rule, over materialised-path prefixes: never a
Python loop over areas or records.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from antq.areas.models import Area
from antq.core.scoping import scope_q

STOCK = "stock"
FLOW = "flow"


@dataclass(frozen=True)
class Indicator:
    key: str
    name: object  # lazy translated
    group: str
    model: object = None  # a model class, or a callable returning one (apps load late)
    measure: tuple = ("count", "pk")  # ("count" | "sum" | "count_distinct", field)
    where: Q = field(default_factory=Q)
    date_field: str = ""  # the field that places a record in time ("" = always counted)
    end_field: str = ""  # for stocks: records ended before the period's end are not counted
    kind: str = STOCK
    path: str = "area__path"  # where the record's area path is
    denominator: str = ""  # the key of another indicator: this one is then a rate
    unit: str = "count"  # count | vnd

    @property
    def is_rate(self):
        return bool(self.denominator)

    def resolve_model(self):
        return (
            self.model()
            if callable(self.model) and not hasattr(self.model, "_meta")
            else (self.model)
        )


REGISTRY: dict[str, Indicator] = {}


def declare(*indicators):
    for ind in indicators:
        if ind.key in REGISTRY:
            raise ValueError(f"indicator {ind.key} declared twice")
        REGISTRY[ind.key] = ind
    return indicators


def period_q(ind, date_from, date_to):
    """Which records of `ind` count in [date_from, date_to] (either end open when None): a flow's
    records dated in it; a stock's records begun by its end and not ended before it."""
    q = Q()
    if not ind.date_field:
        return q
    if ind.kind == STOCK:
        if date_to:
            q &= Q(**{f"{ind.date_field}__lte": date_to}) | Q(**{f"{ind.date_field}__isnull": True})
            if ind.end_field:
                # the end date is the last day the record existed
                q &= Q(**{f"{ind.end_field}__isnull": True}) | Q(
                    **{f"{ind.end_field}__gte": date_to}
                )
    else:
        if date_from:
            q &= Q(**{f"{ind.date_field}__gte": date_from})
        if date_to:
            q &= Q(**{f"{ind.date_field}__lte": date_to})
    return q


@dataclass
class Result:
    """Values by indicator key for one area (or one child bucket)."""

    values: dict

    def value(self, key):
        return self.values.get(key, 0)

    def rate(self, key):
        ind = REGISTRY[key]
        num, den = self.values.get(key, 0), self.values.get(ind.denominator, 0)
        return (Decimal(num) / Decimal(den)) if den else None


def with_denominators(keys):
    keys = set(keys)
    for key in list(keys):  # a rate needs its denominator too
        if REGISTRY[key].denominator:
            keys.add(REGISTRY[key].denominator)
    return keys


def record_groups(keys):
    """[(model, area path lookup, [indicators])]: the indicators that one GROUP BY computes,
    those over the same record type, reached the same way, under the same period rule."""
    groups = defaultdict(list)
    for key in sorted(keys):
        ind = REGISTRY[key]
        groups[(ind.resolve_model(), ind.path, ind.kind, ind.date_field, ind.end_field)].append(ind)
    return [(model, path, inds) for (model, path, *_rule), inds in groups.items()]


def aggregates(inds):
    """{alias: Sum or Count} of each indicator's measure over its filter."""
    out = {}
    for ind in inds:
        how, fld = ind.measure
        where = ind.where or None
        out[alias(ind.key)] = (
            Sum(fld, filter=where)
            if how == "sum"
            else Count(fld, filter=where, distinct=how == "count_distinct")
        )
    return out


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

    Whole calendar months read the rollup (rollup.py), kept current with every write, when the
    user sees the area's whole subtree; anything else (a period from mid-month, an indicator
    not built yet) is computed from the records, with the same result."""
    from antq.core.scoping import can
    from antq.indicators import rollup

    keys = with_denominators(keys)
    months = rollup.whole_months(date_from, date_to)
    kept = set()
    if months and can(user, "view", area):
        kept = keys & rollup.fresh_keys()
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
        for bucket, values in rollup.read(kept, area, *months, by_child=by_child).items():
            out[bucket].update(values)
    return {bucket: Result(values) for bucket, values in out.items()}


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
        qs = qs.filter(**{f"{path}__startswith": area.path}).filter(
            period_q(inds[0], date_from, date_to)
        )
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


def alias(key):
    return "v_" + key.replace(".", "_")


def _months_back(day: date, months: int) -> date:
    """The first of the month `months` before `day`'s month."""
    years, month_index = divmod(day.month - 1 - months, 12)
    return date(day.year + years, month_index + 1, 1)


def previous_period(date_from: date, date_to: date):
    """The period just before [date_from, date_to]: for whole calendar months (a month, a
    quarter, six months, a year) the same number of months before, so that March compares with
    February and the second quarter with the first; otherwise the same number of days before."""
    after_end = date_to + timedelta(days=1)
    if date_from.day == 1 and after_end.day == 1:
        months = (after_end.year - date_from.year) * 12 + after_end.month - date_from.month
        return _months_back(date_from, months), date_from - timedelta(days=1)
    length = date_to - date_from
    end = date_from - timedelta(days=1)
    return end - length, end
