"""Reading the rollup: whole calendar months of any area, or of each of its children, in one
statement of a few index range scans."""

import calendar
from collections import defaultdict

from django.db import connection

from antq.indicators.models import Cell, OwnCell
from antq.indicators.registry import FLOW, REGISTRY
from antq.indicators.rollup.contributions import MONTH, YEAR


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
    area's path), months first..last, from the rollup: one statement of a few index range scans
    (written as SQL: it runs on every dashboard, and the ORM's overhead was half its time)."""
    flows = sorted(k for k in keys if REGISTRY[k].kind == FLOW and REGISTRY[k].date_field)
    stocks = sorted(set(keys) - set(flows))
    cell, own = (connection.ops.quote_name(m._meta.db_table) for m in (Cell, OwnCell))
    parts, params = [], []
    where = "parent = %s" if by_child else "path = %s"
    for chosen, ranges in ((flows, _flow_ranges(first, last)), (stocks, _stock_ranges(last))):
        if chosen:
            period, period_params = _ranges_sql(ranges)
            parts.append(
                f"SELECT path, key, SUM(value) FROM {cell} WHERE {where} "
                f"AND key IN ({', '.join(['%s'] * len(chosen))}) AND {period} GROUP BY path, key"
            )
            params += [area.path, *chosen, *period_params]
    if by_child:  # the records attached to the area itself
        for chosen, low in ((flows, first), (stocks, 0)):
            if chosen:
                parts.append(
                    f"SELECT path, key, SUM(value) FROM {own} WHERE path = %s "
                    f"AND key IN ({', '.join(['%s'] * len(chosen))}) "
                    "AND bucket BETWEEN %s AND %s GROUP BY path, key"
                )
                params += [area.path, *chosen, low, last]
    out = defaultdict(dict)
    if not parts:
        return out
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for path, key, value in cursor.fetchall():
            if value:
                out[path][key] = int(value)
    return out
