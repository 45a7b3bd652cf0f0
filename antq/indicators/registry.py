"""Indicators as declarations: what each counts, how its records fall in a period, and the
aggregates that compute them (compute.py evaluates them; rollup/ keeps them per area and month).

An indicator says what it counts or sums (a measure over one record type, with a filter), how
its records fall in a period (a *stock* — what exists at the end of the period, such as
camera sites — or a *flow* — what happened within it, such as tips received), and optionally
a denominator (another indicator) that makes it a rate. Adding an indicator is one
`Indicator(...)` in `definitions.py`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum

STOCK = "stock"
FLOW = "flow"


@dataclass(frozen=True)
class Indicator:
    key: str
    name: object  # lazy translated
    group: str
    model: object = None  # a model class, or a callable returning one (apps load late)
    measure: tuple = ("count", "pk")  # ("count" | "sum" | "count_distinct", field)
    # for a count_distinct of units by an expression: True when the expression is the path of
    # the unit a record stands in, its own area's or an ancestor's (a model's commune: its own
    # unit, or its village's commune). The units are then counted where they lie (under an area,
    # in the bucket of the child they lie in) and the rollup keeps them: the raw count of a
    # unit's records at the unit, and its 1 while that count is positive, added to its ancestors
    unit_path: bool = False
    where: Q = field(default_factory=Q)
    date_field: str = ""  # the field that places a record in time ("" = always counted)
    end_field: str = ""  # for stocks: records ended before the period's end are not counted
    kind: str = STOCK
    path: str = "area__path"  # where the record's area path is
    denominator: str = ""  # the key of another indicator: this one is then a rate
    unit: str = "count"  # count | vnd
    # the key of another indicator counting the records that carry this figure (the monthly
    # tallies received, the activities whose participants were recorded): where it is zero, the
    # figure was not reported, which is not the same as a reported zero
    reported_by: str = ""
    # False for a figure a panel reads (a dashboard flag) that is not one of its group's figures:
    # neither the dashboard's lists and charts nor the reports show it (groups.arranged)
    listed: bool = True

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


def with_denominators(keys):
    """`keys` with the indicators their figures are read with: a rate needs its denominator,
    a figure that may be unreported the count of the records that report it."""
    keys = set(keys)
    for key in list(keys):
        keys.update(filter(None, (REGISTRY[key].denominator, REGISTRY[key].reported_by)))
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
