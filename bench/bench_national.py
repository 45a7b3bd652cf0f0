"""The national benchmark: dashboards, drill-down, a commune's report and freshness, at scale.

    .venv/bin/python bench/bench_national.py --backend postgresql --scale 1.0 --repeat 5
    .venv/bin/python bench/bench_national.py --backend sqlite --scale 0.01

Generates the synthetic national dataset of bench/national.py into a database of its own
(SQLite: var/bench-national/antq.sqlite3; PostgreSQL: `antq_bench_national`, created through
ANTQ_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres), or reuses it when its
marker says it holds the same scale, seed and generator version. After loading, the indicator
rollup is rebuilt (`antq.indicators.rollup.rebuild()`) when that module exists, timed apart.

Cases, each p50/p95 over --repeat runs, as the national administrator (a role at the country):
- national_dashboard: every shipped indicator for the country's provinces for one year
  (`compute(all keys, area=country, by_child=True)`);
- province_drilldown: the same for one province, by its communes;
- commune_report: `build_report()` of one commune for the year;
- province_completeness: completeness and timeliness of the monthly tallies of one province,
  by commune, for the twelve months of the year (`reporting.selectors.completeness_by_child`);
  its naive baseline reads, month by month, each expected unit's tally with one query;
- freshness: an activity saved through `activity_create()`, then the national figures read
  again (one compute() call) until they count it: the milliseconds, and whether the very next
  read saw it;
- province_inbox: the work inbox (antq.inbox) of an approver of that province, every kind's
  count and first items, computed afresh as for each request (target: p95 under 100 ms on
  PostgreSQL at scale 1.0). Its naive baseline computes each kind area by area (one count per
  area of the province and kind), measured on --baseline-areas areas and scaled; measured on all
  of them (small scales), its totals must equal the inbox's. With --inbox-only, only this case,
  with each kind's count and first items timed alone, into
  bench/results/inbox-<backend>-scale-<scale>.json.
Each is compared with a naive baseline measured in the same run: per area and per indicator one
ORM `.count()` or `.aggregate()` over that area's subtree, as one writes it without GROUP BY.
The naive run covers --baseline-areas areas picked with the seed and is scaled to all the
areas (the output says when it is); its figures must equal antq's (asserted). As a reference,
the national dashboard's counts also run on DuckDB over the same rows, exported to CSV files
(COPY TO on PostgreSQL), and antq's p95 is given as a ratio to DuckDB's. Prints a table and
writes bench/results/<backend>.json (<backend>-scale-<scale>.json at another scale than 1.0).
"""

import argparse
import csv
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import national  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CASES = (
    "national_dashboard",
    "province_drilldown",
    "commune_report",
    "province_completeness",
    "freshness",
    "province_inbox",
)


def national_admin():
    from antq.accounts.models import RoleAssignment, User
    from antq.areas.models import Area

    country = Area.objects.get(depth=1, level=0)
    user, _new = User.objects.get_or_create(username="bench-national")
    RoleAssignment.objects.get_or_create(user=user, area=country, role="administrator")
    return User.objects.get(pk=user.pk), country


# --- measuring ----------------------------------------------------------------------------


def timed(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, out


def pct(times, p):
    if len(times) == 1:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[p - 1]


def province_approver(province):
    from antq.accounts.models import RoleAssignment, User

    user, _new = User.objects.get_or_create(username="bench-province-inbox")
    RoleAssignment.objects.get_or_create(user=user, area=province, role="approver")
    return User.objects.get(pk=user.pk)


def naive_inbox(user, areas, today):
    """Each inbox kind's count computed area by area: {kind: count} over `areas`."""
    from django.db.models import QuerySet

    from antq.areas.models import Area
    from antq.inbox.registry import kinds

    def in_area(qs, area):
        if qs.query.combinator:  # a union (areas and organisations): each part in the area
            parts = [in_area(QuerySet(q.model, q.chain()), area) for q in qs.query.combined_queries]
            return parts[0].union(*parts[1:], all=True)
        return qs.filter(**{"pk" if qs.model is Area else "area_id": area.pk})

    out = {}
    for kind in kinds():
        qs = kind.records(user, today)
        out[kind.slug] = sum(in_area(qs, area).count() for area in areas)
    return out


def inbox_case(province, repeat, rng, baseline_areas):
    """The province approver's inbox, afresh per run as per request, against naive_inbox."""
    from django.utils import timezone

    from antq.areas.models import Area
    from antq.inbox import selectors
    from antq.inbox.registry import kinds

    user = province_approver(province)
    today = timezone.localdate()

    def run():
        # the user as a request loads it: nothing cached from the run before
        return selectors.inbox(type(user).objects.get(pk=user.pk), today)

    run()  # warm-up
    load_before = os.getloadavg()
    times, sections = timed(run, repeat)
    load_after = os.getloadavg()
    counts = selectors.counts(user, today)
    # where the time goes: each kind's count alone, and its first items (one run, after)
    by_kind = {}
    for kind in kinds():
        fresh = type(user).objects.get(pk=user.pk)
        t0 = time.perf_counter()
        selectors._count_all({kind.slug: kind.records(fresh, today)})
        t1 = time.perf_counter()
        kind.items(fresh, today, selectors.FIRST_ITEMS)
        by_kind[kind.slug] = {
            "count_ms": round((t1 - t0) * 1000, 1),
            "items_ms": round((time.perf_counter() - t1) * 1000, 1),
        }
    areas = list(Area.objects.filter(path__startswith=province.path).order_by("path"))
    sample = rng.sample(areas, baseline_areas) if len(areas) > baseline_areas else areas
    t0 = time.perf_counter()
    naive_counts = naive_inbox(user, sample, today)
    measured = (time.perf_counter() - t0) * 1000
    scaled = measured * len(areas) / len(sample)
    if len(sample) == len(areas):
        assert naive_counts == counts, (naive_counts, counts)
    p50, p95 = pct(times, 50), pct(times, 95)
    row = {
        "name": "province_inbox",
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "baseline_p95_ms": round(scaled, 1),
        "speedup": round(scaled / p95, 1),
        "baseline_runs": 1,
        "baseline_measured_ms": round(measured, 1),
        "baseline_areas_measured": len(sample),
        "baseline_areas_total": len(areas),
        "baseline_scaled": len(sample) < len(areas),
        "baseline_equal": len(sample) == len(areas),
        "inbox_counts": counts,
        "kinds_ms": by_kind,
        "loadavg_1_5_15_before": [round(x, 2) for x in load_before],
        "loadavg_1_5_15_after": [round(x, 2) for x in load_after],
        "items_shown": sum(len(section.items) for section in sections),
        "baseline_note": "each kind counted area by area over the province's areas",
    }
    print(
        f"  province_inbox: p50 {p50:,.1f} ms, p95 {p95:,.1f} ms; naive {scaled:,.0f} ms"
        + (
            f" (measured on {len(sample)} of {len(areas)} areas, scaled)"
            if row["baseline_scaled"]
            else ""
        )
        + f"; {sum(counts.values()):,} things await the province's approver"
    )
    return row


def naive_value(ind, user, path, date_from, date_to):
    """One indicator for one subtree, the obvious way: filter, then count or aggregate."""
    from django.db.models import Count, Sum

    from antq.areas.models import Area
    from antq.core.scoping import scope_q
    from antq.indicators.registry import period_q

    model = ind.resolve_model()
    if model is Area:
        qs = Area.objects.filter(scope_q(user, path_lookup="path"))
    else:
        qs = model.objects.visible_to(user)
    qs = qs.filter(**{f"{ind.path}__startswith": path}).filter(period_q(ind, date_from, date_to))
    if ind.where:
        qs = qs.filter(ind.where)
    how, fld = ind.measure
    if how == "count" and fld == "pk":
        return qs.count()
    agg = Sum(fld) if how == "sum" else Count(fld, distinct=how == "count_distinct")
    return qs.aggregate(v=agg)["v"] or 0


def naive(keys, user, paths, sample, date_from, date_to, expected):
    """Naive values for `sample` of `paths` (each area's subtree), checked against `expected`
    ({path: Result}); returns (ms measured, ms scaled to every path, areas measured)."""
    from antq.indicators.registry import REGISTRY

    t0 = time.perf_counter()
    for path in sample:
        for key in keys:
            value = naive_value(REGISTRY[key], user, path, date_from, date_to)
            got = expected.get(path)
            antq_value = got.value(key) if got is not None else 0
            assert int(value) == int(antq_value), (key, path, value, antq_value)
    ms = (time.perf_counter() - t0) * 1000
    return ms, ms * len(paths) / max(len(sample), 1), len(sample)


def naive_completeness(user, area, months):
    """Completeness by unit as one writes it without GROUP BY: for each month the units
    expected (one query), then each unit's tally (one query each), then its state. The area's
    past is antq's walk of the successions (core/scoping.past_of), each former unit counted under
    the unit it counts under (a divided one under its main successor, if that lies in the area)."""
    from antq.areas.models import Area
    from antq.core.scoping import past_of, with_former_q
    from antq.reporting.periods import reporting_period
    from antq.reporting.selectors import RECEIVED, adjustments, expected_q
    from antq.tallies.models import MonthlyTally

    past = past_of([area.path])
    child_len = (area.depth + 1) * Area.steplen

    def child(path):
        if path.startswith(area.path):
            return path[:child_len]
        counted = past.counted_under(path)
        return None if counted is None else counted[:child_len]

    out = {}
    for month in months:
        period = reporting_period(month)
        adj = adjustments(user, area, [month], former=past)
        units = Area.objects.visible_to(user).filter(with_former_q([area.path], former=past))
        for unit in units.filter(expected_q(month, adj)):
            if child(unit.path) is None:  # counted under its main successor, elsewhere
                continue
            bucket = out.setdefault(child(unit.path), [0, 0, 0])
            bucket[0] += 1
            tally = MonthlyTally.objects.filter(area=unit, month=month).first()
            if tally is not None and tally.status in RECEIVED:
                bucket[1] += 1
                bucket[2] += bool(tally.submitted_at and tally.submitted_at < period.due_before)
    return {path: tuple(n) for path, n in out.items()}


def completeness_case(user, province, year, repeat):
    """province_completeness: antq's set-based completeness of a province by commune over a
    year, against the naive per-unit computation in the same run (their figures must agree)."""
    from antq.reporting.periods import months_between
    from antq.reporting.selectors import completeness_by_child

    months = months_between(date(year, 1, 1), date(year, 12, 1))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    completeness_by_child(user, province, months)  # warm-up (and the user's roles, read once)
    with CaptureQueriesContext(connection) as statements:
        completeness_by_child(user, province, months)
    times, (total, children) = timed(lambda: completeness_by_child(user, province, months), repeat)
    got = {c.area.path: (c.counts.expected, c.counts.received, c.counts.on_time) for c in children}
    t0 = time.perf_counter()
    naive_figures = naive_completeness(user, province, months)
    naive_ms = (time.perf_counter() - t0) * 1000
    naive_figures = {path: n for path, n in naive_figures.items() if n[0]}
    assert got == naive_figures, "completeness differs from the naive computation"
    p50, p95 = pct(times, 50), pct(times, 95)
    print(
        f"  province_completeness: p50 {p50:,.1f} ms, p95 {p95:,.1f} ms; naive {naive_ms:,.0f} ms"
        f" ({total.expected:,} reports expected, {total.received:,} received, "
        f"{total.on_time:,} on time, {len(children)} units; {len(statements)} statements)"
    )
    return {
        "name": "province_completeness",
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "baseline_p95_ms": round(naive_ms, 1),
        "speedup": round(naive_ms / p95, 1),
        "baseline_runs": 1,
        "baseline_equal": True,
        "province": province.code,
        "units": len(children),
        "statements": len(statements),
        "totals": total.as_dict(),
    }


def children_paths(area):
    from antq.areas.models import Area

    return list(
        Area.objects.filter(path__startswith=area.path, depth=area.depth + 1)
        .order_by("path")
        .values_list("path", flat=True)
    )


# --- DuckDB -------------------------------------------------------------------------------


def _lookups(q, out):
    from django.db.models import F

    for child in q.children:
        if hasattr(child, "children"):
            _lookups(child, out)
        else:
            lookup, value = child
            out.add(_field_of(lookup))
            if isinstance(value, F):
                out.add(value.name)


SUFFIXES = ("exact", "in", "isnull", "lte", "gte", "lt", "gt")


def _field_of(lookup):
    parts = lookup.split("__")
    return "__".join(parts[:-1]) if parts[-1] in SUFFIXES else lookup


def duck_columns():
    """{model: {lookup: DuckDB type}}: what the indicators read, one table per model."""
    from django.db.models import Q

    from antq.indicators.registry import REGISTRY, period_q

    wanted = {}
    for ind in REGISTRY.values():
        model = ind.resolve_model()
        cols = wanted.setdefault(model, set())
        cols.add(ind.path)
        _lookups(ind.where or Q(), cols)
        _lookups(period_q(ind, date(2000, 1, 1), date(2000, 12, 31)), cols)
        if ind.measure[1] != "pk":
            cols.add(ind.measure[1])
    out = {}
    for model, cols in wanted.items():
        out[model] = {c: _duck_type(model, c) for c in sorted(cols)}
    return out


def _duck_type(model, lookup):
    m = model
    parts = lookup.split("__")
    for part in parts[:-1]:
        m = m._meta.get_field(part).related_model
    f = m._meta.get_field(parts[-1])
    kind = f.get_internal_type()
    if kind == "DateField":
        return "DATE"
    if kind == "BooleanField":
        return "BOOLEAN"
    if kind in ("ForeignKey",) or "Integer" in kind or kind in ("DecimalField", "AutoField"):
        return "BIGINT"
    return "VARCHAR"


def export_csv(columns, directory, progress=print):
    """One CSV a model, with the columns the indicators read (joins resolved)."""
    from django.db import connection

    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for model, cols in columns.items():
        path = directory / f"{model._meta.db_table}.csv"
        files[model] = path
        if path.exists():
            continue
        t0 = time.perf_counter()
        sql, params = model._base_manager.values_list(*cols).order_by().query.sql_with_params()
        assert not params
        tmp = path.with_suffix(".part")
        if connection.vendor == "postgresql":
            cur = connection.connection.cursor()
            with open(tmp, "wb") as fh, cur.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as cp:
                for block in cp:
                    fh.write(block)
        else:
            cur = connection.connection.cursor()
            cur.execute(sql)
            with open(tmp, "w", newline="") as fh:
                w = csv.writer(fh)
                while rows := cur.fetchmany(100_000):
                    w.writerows(rows)
        tmp.rename(path)
        progress(f"  exported {path.name} in {time.perf_counter() - t0:.1f} s")
    return files


def _sql_value(value):
    from django.db.models import F

    if isinstance(value, F):
        return f'"{value.name}"'
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def q_sql(q):
    """A Django Q of the indicators' vocabulary as DuckDB SQL over the exported columns."""
    parts = []
    for child in q.children:
        if hasattr(child, "children"):
            parts.append(q_sql(child))
            continue
        lookup, value = child
        col = f'"{_field_of(lookup)}"'
        op = lookup.split("__")[-1] if lookup.split("__")[-1] in SUFFIXES else "exact"
        if op == "isnull":
            parts.append(f"{col} IS {'' if value else 'NOT '}NULL")
        elif op == "in":
            parts.append(f"{col} IN ({', '.join(_sql_value(v) for v in value)})")
        elif op == "exact":
            parts.append(f"{col} IS NULL" if value is None else f"{col} = {_sql_value(value)}")
        else:
            sym = {"lte": "<=", "gte": ">=", "lt": "<", "gt": ">"}[op]
            parts.append(f"{col} {sym} {_sql_value(value)}")
    if not parts:
        return "TRUE"
    sql = "(" + f" {q.connector} ".join(parts) + ")"
    return f"(NOT COALESCE({sql}, FALSE))" if q.negated else sql


def duck_queries(keys, area, date_from, date_to, by_child=True):
    """The SQL of the dashboard's counts on DuckDB: one GROUP BY per group, as compute()."""
    from antq.areas.models import Area
    from antq.indicators.registry import REGISTRY, period_q

    prefix_len = (area.depth + (1 if by_child else 0)) * Area.steplen
    groups = {}
    for key in sorted(keys):
        ind = REGISTRY[key]
        groups.setdefault(
            (ind.resolve_model(), ind.path, ind.kind, ind.date_field, ind.end_field), []
        ).append(ind)
    queries = []
    for (model, path, *_rest), inds in groups.items():
        aggs = []
        for ind in inds:
            how, fld = ind.measure
            where = q_sql(ind.where) if ind.where else "TRUE"
            if how == "sum":
                agg = f'sum("{fld}")'
            elif how == "count_distinct":
                agg = f'count(DISTINCT "{fld}")'
            else:
                agg = "count(*)"
            aggs.append((ind.key, f"{agg} FILTER (WHERE {where})"))
        period = q_sql(period_q(inds[0], date_from, date_to))
        sql = (
            f'SELECT substr("{path}", 1, {prefix_len}) AS b, '
            + ", ".join(a for _k, a in aggs)
            + f' FROM "{model._meta.db_table}" WHERE starts_with("{path}", \'{area.path}\')'
            + f" AND {period} GROUP BY 1"
        )
        queries.append((sql, [k for k, _a in aggs]))
    return queries


def duckdb_case(keys, area, date_from, date_to, repeat, directory, expected):
    try:
        import duckdb
    except ImportError:
        print("DuckDB: not installed (pip install '.[bench]'); no reference")
        return None
    columns = duck_columns()
    t0 = time.perf_counter()
    files = export_csv(columns, directory)
    export_s = time.perf_counter() - t0
    con = duckdb.connect()
    t0 = time.perf_counter()
    for model, cols in columns.items():
        spec = ", ".join(f"'{c}': '{t}'" for c, t in cols.items())
        con.execute(
            f'CREATE TABLE "{model._meta.db_table}" AS SELECT * FROM read_csv('
            f"'{files[model]}', header=false, columns={{{spec}}})"
        )
    load_s = time.perf_counter() - t0
    queries = duck_queries(keys, area, date_from, date_to)

    def run():
        out = {}
        for sql, qkeys in queries:
            for row in con.execute(sql).fetchall():
                bucket = row[0] if len(row[0]) == len(area.path) + 4 else area.path
                vals = out.setdefault(bucket, {})
                for k, v in zip(qkeys, row[1:], strict=True):
                    vals[k] = vals.get(k, 0) + int(v or 0)
        return out

    times, out = timed(run, repeat)
    mismatches = [
        (b, k)
        for b, vals in out.items()
        for k, v in vals.items()
        if v != int(expected.get(b).value(k) if expected.get(b) else 0)
    ]
    con.close()
    return {
        "p50_ms": round(pct(times, 50), 2),
        "p95_ms": round(pct(times, 95), 2),
        "equal_to_antq": not mismatches,
        "mismatches": mismatches[:10],
        "export_s": round(export_s, 1),
        "load_s": round(load_s, 1),
    }


# --- the run ------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--baseline-areas", type=int, default=3)
    ap.add_argument("--no-duckdb", action="store_true")
    ap.add_argument(
        "--rebuild-rollup", action="store_true", help="rebuild the rollup of a reused dataset"
    )
    ap.add_argument(
        "--inbox-only",
        action="store_true",
        help="only the province_inbox case, into bench/results/inbox-<backend>-scale-<scale>.json",
    )
    ap.add_argument(
        "--completeness-only",
        action="store_true",
        help="only the province_completeness case, into bench/results/completeness-<backend>.json",
    )
    args = ap.parse_args()

    # the inbox reads records only: its dataset is measured without waiting for a rollup build
    counts, load_s, rollup_s = national.prepare(
        args.backend, args.scale, args.seed, args.rebuild_rollup, rollup=not args.inbox_only
    )
    from antq.activities.services import activity_create, activity_delete
    from antq.areas.models import Area
    from antq.indicators.compute import compute
    from antq.indicators.registry import REGISTRY
    from antq.reports.writing import build_report

    user, country = national_admin()
    keys = list(REGISTRY)
    d0, d1 = date(args.year, 1, 1), date(args.year, 12, 31)
    rng = random.Random(args.seed)
    records = national.record_count(counts)
    # a seeded province of today's, and one of its communes that has villages
    province = Area.objects.filter(level=1, valid_to__isnull=True).order_by("path")[
        rng.randrange(Area.objects.filter(level=1, valid_to__isnull=True).count())
    ]
    communes = list(
        Area.objects.filter(path__startswith=province.path, level=3, numchild__gt=0).order_by(
            "path"
        )
    ) or list(Area.objects.filter(path__startswith=province.path, level=3).order_by("path"))
    commune = communes[rng.randrange(len(communes))]
    print(
        f"\n{records:,} records; {len(keys)} indicators; year {args.year}; "
        f"province {province.name}; commune {commune.name}"
    )
    period = {"user": user, "date_from": d0, "date_to": d1}
    if args.inbox_only:
        row = inbox_case(province, args.repeat, rng, args.baseline_areas)
        result = {
            "backend": args.backend,
            "records": records,
            "scale": args.scale,
            "seed": args.seed,
            "province": province.name,
            "load_s": round(load_s, 1) if load_s is not None else None,
            "rollup_build_s": round(rollup_s, 1) if rollup_s is not None else None,
            "cpus": os.cpu_count(),
            "cases": [row],
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"inbox-{args.backend}-scale-{args.scale}.json"
        out.write_text(json.dumps(result, indent=2) + "\n")
        print(f"written {out.relative_to(national.ROOT)}")
        return
    cases = []
    completeness_row = completeness_case(user, province, args.year, args.repeat)
    if args.completeness_only:
        result = {
            "backend": args.backend,
            "records": records,
            "scale": args.scale,
            "seed": args.seed,
            "year": args.year,
            "cases": [completeness_row],
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"completeness-{args.backend}.json"
        out.write_text(json.dumps(result, indent=2) + "\n")
        return

    def case(name, fn, baseline_paths, area, by_child=True, extra=None):
        compute(keys, area=area, by_child=by_child, **period)  # warm-up
        times, _out = timed(fn, args.repeat)
        expected = compute(keys, area=area, by_child=by_child, **period)
        if area.path in baseline_paths:  # the area's own total, not its own records only
            expected[area.path] = compute(keys, area=area, **period).get(area.path)
        sample = (
            rng.sample(baseline_paths, args.baseline_areas)
            if len(baseline_paths) > args.baseline_areas
            else baseline_paths
        )
        measured, scaled, n = naive(keys, user, baseline_paths, sample, d0, d1, expected)
        p50, p95 = pct(times, 50), pct(times, 95)
        row = {
            "name": name,
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95, 2),
            "baseline_p95_ms": round(scaled, 1),
            "speedup": round(scaled / p95, 1),
            "baseline_runs": 1,
            "baseline_measured_ms": round(measured, 1),
            "baseline_areas_measured": n,
            "baseline_areas_total": len(baseline_paths),
            "baseline_scaled": n < len(baseline_paths),
            "baseline_equal": True,
        }
        row.update(extra or {})
        cases.append(row)
        print(
            f"  {name}: p50 {p50:,.1f} ms, p95 {p95:,.1f} ms; naive {scaled:,.0f} ms"
            + (
                f" (measured on {n} of {len(baseline_paths)} areas, scaled)"
                if row["baseline_scaled"]
                else ""
            )
        )
        return row

    national_row = case(
        "national_dashboard",
        lambda: compute(keys, area=country, by_child=True, **period),
        children_paths(country),
        country,
    )
    case(
        "province_drilldown",
        lambda: compute(keys, area=province, by_child=True, **period),
        children_paths(province),
        province,
    )
    case(
        "commune_report",
        lambda: build_report(user, commune, d0, d1, "vi"),
        [commune.path, *children_paths(commune)],
        commune,
        extra={"commune": commune.code},
    )

    cases.append(completeness_row)

    # freshness: a new activity through the service, then the national figures again
    def national_activities():
        res = compute(keys, area=country, by_child=True, **period)
        return sum(r.value("activities.total") for r in res.values())

    fresh, first_seen, made = [], [], []
    before = national_activities()
    for i in range(args.repeat):
        t0 = time.perf_counter()
        made.append(
            activity_create(
                acting_user=user,
                area=commune,
                kind="outreach",
                title=f"Buổi tuyên truyền (bench {i})",
                held_on=date(args.year, 6, 15),
                participants=40,
            )
        )
        reads = 0
        while True:
            reads += 1
            if national_activities() == before + i + 1:
                break
            if time.perf_counter() - t0 > 60:
                raise AssertionError("the national figures did not show the new activity in 60 s")
        fresh.append((time.perf_counter() - t0) * 1000)
        first_seen.append(reads == 1)
    for activity in made:  # through the service, so that a reused dataset stays as generated
        activity_delete(acting_user=user, instance=activity, reason="bench")
    f95 = pct(fresh, 95)
    baseline = national_row["baseline_p95_ms"]
    cases.append(
        {
            "name": "freshness",
            "p50_ms": round(pct(fresh, 50), 2),
            "p95_ms": round(f95, 2),
            "baseline_p95_ms": baseline,
            "speedup": round(baseline / f95, 1),
            "next_read_saw_it": all(first_seen),
            "baseline_note": "the naive national recomputation (a naive system's next read)",
        }
    )
    print(
        f"  freshness: save + national read p95 {f95:,.1f} ms; "
        f"the very next read saw it: {all(first_seen)}"
    )

    inbox = inbox_case(province, args.repeat, rng, args.baseline_areas)
    cases.append(inbox)

    duck = None
    if not args.no_duckdb:
        expected = compute(keys, area=country, by_child=True, **period)
        directory = national.VAR_DIR / f"csv-{args.backend}-{args.scale}-{args.seed}"
        duck = duckdb_case(keys, country, d0, d1, args.repeat, directory, expected)
        if duck:
            national_row["duckdb_p95_ms"] = duck["p95_ms"]
            national_row["ratio_to_duckdb"] = round(national_row["p95_ms"] / duck["p95_ms"], 3)

    result = {
        "backend": args.backend,
        "records": records,
        "scale": args.scale,
        "seed": args.seed,
        "year": args.year,
        "indicators": len(keys),
        "load_s": round(load_s, 1) if load_s is not None else None,
        "rollup_build_s": round(rollup_s, 1) if rollup_s is not None else None,
        "rows": counts,
        "cases": cases,
        "duckdb": duck,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    # a smaller run does not take the place of the national figures
    name = args.backend if args.scale == 1.0 else f"{args.backend}-scale-{args.scale}"
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")

    print(f"\nNational benchmark, {args.backend}, scale {args.scale}: {records:,} records")
    print(f"{'case':<22}{'p50 ms':>12}{'p95 ms':>12}{'naive p95 ms':>16}{'speedup':>10}")
    for c in cases:
        print(
            f"{c['name']:<22}{c['p50_ms']:>12,.1f}{c['p95_ms']:>12,.1f}"
            f"{c['baseline_p95_ms']:>16,.0f}{c['speedup']:>9,.1f}x"
        )
    scaled = [
        c["name"] for c in cases if c.get("baseline_scaled") and c["name"] != "province_inbox"
    ]
    if scaled:
        print(
            f"naive baselines of {', '.join(scaled)} measured on {args.baseline_areas} areas each "
            "and scaled to all; their figures equal antq's"
        )
    print(
        f"province_inbox: {sum(inbox['inbox_counts'].values()):,} things await the approver; the "
        f"naive count area by area ran on {inbox['baseline_areas_measured']} of "
        f"{inbox['baseline_areas_total']} areas"
        + (", same totals" if inbox["baseline_equal"] else ", scaled (totals compared only on all)")
    )
    if duck:
        print(
            f"DuckDB reference (national dashboard's counts over CSV exports): "
            f"p95 {duck['p95_ms']:,.1f} ms; antq's p95 is {national_row['ratio_to_duckdb']}x "
            f"DuckDB's; same figures: {duck['equal_to_antq']}"
        )


if __name__ == "__main__":
    main()
