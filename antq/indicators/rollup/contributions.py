"""What records contribute to the rollup's cells, computed from the records: per leaf area,
indicator and month (`own_contributions`), and carried up to every ancestor (`subtree_deltas`).
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Case, Count, DateField, ExpressionWrapper, F, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear

from antq.areas.models import Area
from antq.indicators.registry import FLOW

YEAR, MONTH = 0, 1
STEP = Area.steplen
AFTER_MAX = 10000 * 100 + 1  # the month after the last representable day's


def _month(expr):
    return ExtractYear(expr) * 100 + ExtractMonth(expr)


def _measure(ind):
    how, fld = ind.measure
    where = ind.where or None
    if how == "sum":
        return Sum(fld, filter=where)
    return Count("pk", filter=where)


def own_contributions(plan, keys, paths=None):
    """{(leaf path, key, month bucket): value} for the plan's indicators in `keys`, over all its
    records or over those attached to the areas at `paths`. One GROUP BY per period rule."""
    qs = plan.model._base_manager.all()
    if paths is not None:
        qs = qs.filter(**{f"{plan.leaf}__in": sorted(paths)})
    groups = defaultdict(list)
    for ind in plan.indicators:
        if ind.key in keys:
            groups[(ind.kind, ind.date_field, ind.end_field)].append(ind)
    out = defaultdict(int)
    for (kind, df, ef), inds in groups.items():
        aggregates = {f"v{i}": _measure(ind) for i, ind in enumerate(inds)}
        queries = []  # (queryset with _leaf and _b, sign)
        if not df:
            queries.append((qs.annotate(_b=Value(0)), 1))
        elif kind == FLOW:
            queries.append((qs.filter(**{f"{df}__isnull": False}).annotate(_b=_month(F(df))), 1))
        else:
            start = Case(When(**{f"{df}__isnull": True}, then=Value(0)), default=_month(F(df)))
            base = qs.annotate(_s=start)
            if ef:
                after = ExpressionWrapper(F(ef) + timedelta(days=1), output_field=DateField())
                # the day after date.max is month 10000-01 (and overflows on SQLite): say so
                end = Case(When(**{ef: date.max}, then=Value(AFTER_MAX)), default=_month(after))
                # a record that ends before the month it starts in is never counted
                base = base.annotate(_e=end).exclude(**{f"{ef}__isnull": False, "_e__lte": F("_s")})
                queries.append((base.filter(**{f"{ef}__isnull": False}).annotate(_b=F("_e")), -1))
            queries.append((base.annotate(_b=F("_s")), 1))
        for query, sign in queries:
            rows = (
                query.annotate(_leaf=F(plan.leaf))
                .values("_leaf", "_b")
                .annotate(**aggregates)
                .order_by()
                .values_list("_leaf", "_b", *aggregates)
            )
            for leaf, bucket, *values in rows.iterator(chunk_size=20000):
                for ind, value in zip(inds, values, strict=True):
                    if value:
                        out[(leaf, ind.key, int(bucket))] += sign * int(value)
    for ind in plan.indicators:  # distinct areas: 1 while the leaf has a counted record
        if ind.key in keys and ind.measure[0] == "count_distinct":
            _presence(out, ind.key)
    return {k: v for k, v in out.items() if v}


def _presence(out, key):
    by_leaf = defaultdict(list)
    for (leaf, k, bucket), value in list(out.items()):
        if k == key:
            by_leaf[leaf].append((bucket, value))
            del out[(leaf, k, bucket)]
    for leaf, deltas in by_leaf.items():
        running, present = 0, 0
        for bucket, value in sorted(deltas):
            running += value
            now = 1 if running > 0 else 0
            if now != present:
                out[(leaf, key, bucket)] += now - present
                present = now


def subtree_deltas(own_deltas):
    """Own-cell deltas → {(path, parent, key, grain, bucket): delta} for every ancestor."""
    cells = defaultdict(int)
    for (leaf, key, bucket), delta in own_deltas.items():
        year = bucket // 100 * 100
        for end in range(STEP, len(leaf) + 1, STEP):
            path, parent = leaf[:end], leaf[: end - STEP]
            cells[(path, parent, key, MONTH, bucket)] += delta
            cells[(path, parent, key, YEAR, year)] += delta
    return {k: v for k, v in cells.items() if v}
