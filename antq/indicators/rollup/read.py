"""Reading the rollup: whole calendar months of any area, or of each of its children, in one
statement of a few index range scans: the cells, plus the deltas still pending (pending.py)."""

import calendar
from collections import defaultdict

from django.db import connection

from antq.indicators.models import Cell, OwnCell, PendingDelta
from antq.indicators.registry import FLOW, REGISTRY
from antq.indicators.rollup.contributions import MONTH, STEP, YEAR, is_raw, raw_key
from antq.indicators.rollup.pending import folded, table


def whole_months(date_from, date_to):
    """(first bucket, last bucket) when the period is whole calendar months, else None.
    date_from None means "since the beginning" (first bucket 1)."""
    if date_to is None or date_to.day != calendar.monthrange(date_to.year, date_to.month)[1]:
        return None
    if date_from is None:
        return 1, date_to.year * 100 + date_to.month
    if date_from.day != 1 or date_from > date_to:
        return None
    return date_from.year * 100 + date_from.month, date_to.year * 100 + date_to.month


def _flow_ranges(first, last):
    """(grain, lowest bucket, highest bucket) ranges of months first..last: whole years from the
    year cells, the rest from the month cells."""
    y1, m1, y2, m2 = first // 100, first % 100, last // 100, last % 100
    full_from = y1 if m1 <= 1 else y1 + 1
    full_to = y2 if m2 == 12 else y2 - 1
    if full_from > full_to:
        return [(MONTH, max(first, 1), last)]
    ranges = [(YEAR, full_from * 100, full_to * 100)]
    if full_from > y1:
        ranges.append((MONTH, first, y1 * 100 + 12))
    if full_to < y2:
        ranges.append((MONTH, y2 * 100 + 1, last))
    return ranges


def _stock_ranges(last):
    """The deltas up to the end of month `last`: the years before (and bucket 0, "at any date")
    from the year cells, the months of `last`'s year from the month cells."""
    y, m = last // 100, last % 100
    if m == 12:
        return [(YEAR, 0, y * 100)]
    return [(YEAR, 0, y * 100 - 1), (MONTH, y * 100 + 1, last)]


def _ranges_sql(ranges):
    sql = " OR ".join("(grain = %s AND bucket BETWEEN %s AND %s)" for _ in ranges)
    return f"({sql})", [v for r in ranges for v in r]


def read_cells(keys, area, first, last, by_child=False):
    """{path: {key: value}} for the area (or each child, plus the area's own records under the
    area's path), months first..last, from the rollup: its cells plus the deltas still pending
    under the area, in one statement of a few index range scans (so that a fold committing
    meanwhile is seen whole or not at all; written as SQL: it runs on every dashboard, and the
    ORM's overhead was half its time)."""
    flows = sorted(k for k in keys if REGISTRY[k].kind == FLOW and REGISTRY[k].date_field)
    stocks = sorted(set(keys) - set(flows))
    cell, own, pending = (table(m) for m in (Cell, OwnCell, PendingDelta))
    parts, params = [], []
    where = "parent = %s" if by_child else "path = %s"
    # the pending deltas of the leaves under the area, added up under the area (or each child)
    width = len(area.path) + (STEP if by_child else 0)
    under = area.path + "%"
    for chosen, ranges in ((flows, _flow_ranges(first, last)), (stocks, _stock_ranges(last))):
        if chosen:
            period, period_params = _ranges_sql(ranges)
            parts.append(
                f"SELECT 'c', path, key, 0, SUM(value) FROM {cell} WHERE {where} "
                f"AND key IN ({_marks(chosen)}) AND {period} GROUP BY path, key"
            )
            params += [area.path, *chosen, *period_params]
    for chosen, low in ((flows, first), (stocks, 0)):
        if chosen:
            if by_child:  # the records attached to the area itself
                parts.append(
                    f"SELECT 'c', path, key, 0, SUM(value) FROM {own} WHERE path = %s "
                    f"AND key IN ({_marks(chosen)}) AND bucket BETWEEN %s AND %s GROUP BY path, key"
                )
                params += [area.path, *chosen, low, last]
            parts.append(
                f"SELECT 'c', substr(path, 1, {width}), key, 0, SUM(value) FROM {pending} "
                f"WHERE key IN ({_marks(chosen)}) AND path LIKE %s AND bucket BETWEEN %s AND %s "
                f"GROUP BY substr(path, 1, {width}), key"
            )
            params += [*chosen, under, low, last]
    # a distinct-area indicator's pending raw counts, and the raw counts of their leaves
    raw = sorted(raw_key(k) for k in keys if REGISTRY[k].measure[0] == "count_distinct")
    if raw:
        parts.append(
            f"SELECT 'p', path, key, bucket, SUM(value) FROM {pending} WHERE key IN "
            f"({_marks(raw)}) AND path LIKE %s GROUP BY path, key, bucket"
        )
        parts.append(
            f"SELECT 'o', path, key, bucket, value FROM {own} WHERE key IN ({_marks(raw)}) "
            f"AND path IN (SELECT path FROM {pending} WHERE key IN ({_marks(raw)}) "
            "AND path LIKE %s)"
        )
        params += [*raw, under, *raw, *raw, under]
    out = defaultdict(lambda: defaultdict(int))
    if not parts:
        return out
    deltas, before = {}, defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for tag, path, key, bucket, value in cursor.fetchall():
            if tag == "c":
                out[path][key] += int(value or 0)
            elif tag == "p":
                deltas[(path, key, bucket)] = int(value)
            else:
                before[(path, key)][bucket] = int(value)
    if deltas:
        _add_presence(out, folded(deltas, before), set(flows), first, last, width)
    return {path: {k: v for k, v in values.items() if v} for path, values in out.items()}


def _add_presence(out, deltas, flows, first, last, width):
    """The change of distinct-area figures that pending raw counts make, in the period."""
    for (leaf, key, bucket), value in deltas.items():
        if is_raw(key):
            continue
        low = first if key in flows else 0
        if low <= bucket <= last:
            out[leaf[:width]][key] += value


def _marks(values):
    return ", ".join(["%s"] * len(values))
