"""What records contribute to the rollup's cells, computed from the records: per leaf area,
indicator and month (`own_contributions`), and carried up to every ancestor (`subtree_deltas`).

A count of distinct areas (1 per leaf while it has a record) is not a sum over records: its
records contribute their raw count under `raw_key(key)`, kept in OwnCell beside the key, and
`presence` derives the leaf's 1 or 0 by month from that count. A count of distinct units by
their path (`Indicator.unit_path`: communes with a model, at the commune or in one of its
villages) is kept the same way with the unit in place of the leaf: its records' raw count at
the unit's path, the unit's 1 while it is positive (a unit going from none to some adds 1 to
every ancestor, from some to none takes it away). Everything downstream (the pending deltas,
the fold, the reads, the check) sees it as one more "leaf".
"""

import functools
import heapq
import itertools
import operator
from collections import defaultdict
from datetime import date, timedelta

from django.db import connection
from django.db.models import Case, Count, DateField, ExpressionWrapper, F, Q, Sum, Value, When
from django.db.models.functions import Collate, ExtractMonth, ExtractYear

from antq.areas.models import Area
from antq.indicators.registry import FLOW

YEAR, MONTH = 0, 1
STEP = Area.steplen
AFTER_MAX = 10000 * 100 + 1  # the month after the last representable day's
RAW = "#records"


def raw_key(key):
    return key + RAW


def is_raw(key):
    return key.endswith(RAW)


def raw_keys(plan, keys):
    """The raw count keys of the plan's distinct-area indicators in `keys`."""
    return {
        raw_key(ind.key)
        for ind in plan.indicators
        if ind.key in keys and ind.measure[0] == "count_distinct"
    }


def chunks(items, size=2000):
    items = sorted(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def pk_runs(pks, min_run=64):
    """`pks` as ([(first, last)] runs of consecutive ids, at least `min_run` long, [the other
    ids]): the records of one bulk insert are mostly one run, read by range instead of by an
    id list a chunk at a time."""
    runs, start, prev = [], None, None
    for pk in sorted(pks):
        if prev is not None and pk == prev + 1:
            prev = pk
            continue
        if start is not None:
            runs.append((start, prev))
        start = prev = pk
    if start is not None:
        runs.append((start, prev))
    ranges = [(a, b) for a, b in runs if b - a + 1 >= min_run]
    singles = [pk for a, b in runs if b - a + 1 < min_run for pk in range(a, b + 1)]
    return ranges, singles


def pk_filters(pks):
    """Filters that together select the records `pks`: a range per long run of ids, an id list
    per chunk of the others."""
    ranges, singles = pk_runs(pks)
    filters = [Q(pk__range=run) for run in ranges]
    return filters + [Q(pk__in=chunk) for chunk in chunks(singles)]


def _month(expr):
    return ExtractYear(expr) * 100 + ExtractMonth(expr)


def _measure(ind):
    how, fld = ind.measure
    where = ind.where or None
    if how == "sum":
        return Sum(fld, filter=where)
    return Count("pk", filter=where)


def own_contributions(plan, keys, pks=None):
    """{(leaf path, key, month bucket): value} for the plan's indicators in `keys`, over all its
    records or over those whose pk is in `pks`; a distinct-area indicator's records counted
    under its raw key. One GROUP BY per period rule (and per run or chunk of pks: pk_filters)."""
    qs = plan.model._base_manager.all()
    if pks is None:
        return _sums(contribution_rows(plan, keys, qs))
    out = defaultdict(int)
    for where in pk_filters(pks):
        for cell, value in _sums(contribution_rows(plan, keys, qs.filter(where))).items():
            out[cell] += value
    return {k: v for k, v in out.items() if v}


def _sums(rows):
    out = defaultdict(int)
    for leaf, name, bucket, value in rows:
        out[(leaf, name, bucket)] += value
    return {k: v for k, v in out.items() if v}


def by_path(name):
    """An ordering by the path `name` in byte order, as Python compares strings (PostgreSQL's
    collation may not be C; SQLite's is binary)."""
    return Collate(F(name), "C") if connection.vendor == "postgresql" else F(name)


def contribution_queries(plan, keys, qs, ordered=False):
    """[(values_list query of (leaf, bucket, v0, v1 …), [the keys of v0, v1 …], sign)]: one
    GROUP BY per period rule (and per sign: a stock's start and end) over the records of `qs`,
    ordered by their leaf's path when `ordered`."""
    groups = defaultdict(list)
    for ind in plan.indicators:
        if ind.key in keys:
            groups[(ind.kind, ind.date_field, ind.end_field, _unit(ind))].append(ind)
    out = []
    for (kind, df, ef, unit), inds in groups.items():
        aggregates = {f"v{i}": _measure(ind) for i, ind in enumerate(inds)}
        names = [raw_key(i.key) if i.measure[0] == "count_distinct" else i.key for i in inds]
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
                query.annotate(_leaf=F(plan.leaf) if unit is None else unit)
                .values("_leaf", "_b")
                .annotate(**aggregates)
                .order_by(*([by_path("_leaf")] if ordered else []))
                .values_list("_leaf", "_b", *aggregates)
            )
            out.append((rows, names, sign))
    return out


def contribution_rows(plan, keys, qs, ordered=False):
    """(leaf, key, bucket, value) rows of the records of `qs`, streamed (a server-side cursor
    on PostgreSQL), in the order of their leaf's path when `ordered`; a cell may come in more
    than one row (a stock's start and end are apart)."""
    streams = [
        _signed(rows, names, sign)
        for rows, names, sign in contribution_queries(plan, keys, qs, ordered)
    ]
    if ordered:
        return heapq.merge(*streams, key=lambda row: row[0])
    return itertools.chain(*streams)


def _unit(ind):
    """Where a record's contribution is kept: None for its own area (the plan's leaf), or the
    expression of its unit's path (`Indicator.unit_path`: a count of distinct units above the
    record's area, kept at the unit as a distinct-area count is at its leaf)."""
    return ind.measure[1] if ind.unit_path else None


def append_contributions(plan, keys, pks, table):
    """Append what the records `pks` contribute, as `own_contributions` computes it, to the
    pending rows `table` (path, key, bucket, value) inside the database (PostgreSQL): one
    INSERT … SELECT per period rule (and sign), so that nothing comes to Python however
    many cells a file's records reach. A cell may get more than one row (the fold sums
    them)."""
    quote = connection.ops.quote_name
    # one statement for all the runs of ids (concurrent imports interleave theirs): a cell
    # gets one row per period rule and sign, not one per run
    where = functools.reduce(operator.or_, pk_filters(pks))
    base = plan.model._base_manager.filter(where)
    with connection.cursor() as cursor:
        for rows, names, sign in contribution_queries(plan, keys, base):
            sql, params = rows.query.get_compiler(using=rows.db).as_sql()
            pairs = ", ".join(
                f"(%s::varchar, q.{quote(f'v{i}')}::bigint)" for i in range(len(names))
            )
            cursor.execute(
                f"INSERT INTO {table} (path, key, bucket, value) "
                f"SELECT q.{quote('_leaf')}, k.key, q.{quote('_b')}::integer, %s * k.value "
                f"FROM ({sql}) q CROSS JOIN LATERAL (VALUES {pairs}) AS k(key, value) "
                "WHERE k.value <> 0",
                [sign, *params, *names],
            )


def _signed(rows, names, sign):
    for leaf, bucket, *values in rows.iterator(chunk_size=20000):
        for name, value in zip(names, values, strict=True):
            if value:
                yield leaf, name, int(bucket), sign * int(value)


def with_presence(rows):
    """`rows` with, for every raw count, the distinct-area indicator's cells it gives."""
    by_leaf = defaultdict(dict)
    for (leaf, key, bucket), value in rows.items():
        if is_raw(key):
            by_leaf[(leaf, key)][bucket] = value
    out = dict(rows)
    for (leaf, key), counts in by_leaf.items():
        for bucket, value in presence(counts).items():
            out[(leaf, key.removesuffix(RAW), bucket)] = value
    return out


def presence(counts):
    """{bucket: raw count delta} of one leaf → {bucket: presence delta}: 1 from the month its
    running count turns positive, back to 0 from the month it falls to nothing."""
    out, running, present = {}, 0, 0
    for bucket, value in sorted(counts.items()):
        running += value
        now = 1 if running > 0 else 0
        if now != present:
            out[bucket] = now - present
            present = now
    return out


def subtree_deltas(own_deltas):
    """Own-cell deltas → {(path, parent, key, grain, bucket): delta} for every ancestor (raw
    counts stay in OwnCell)."""
    cells = defaultdict(int)
    for (leaf, key, bucket), delta in own_deltas.items():
        if is_raw(key):
            continue
        year = bucket // 100 * 100
        for end in range(STEP, len(leaf) + 1, STEP):
            path, parent = leaf[:end], leaf[: end - STEP]
            cells[(path, parent, key, MONTH, bucket)] += delta
            cells[(path, parent, key, YEAR, year)] += delta
    return {k: v for k, v in cells.items() if v}
