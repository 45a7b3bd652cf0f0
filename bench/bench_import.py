"""Bulk import of camera sites: antq's import path against a naive baseline, in one run.

    .venv/bin/python bench/bench_import.py --backend sqlite --rows 100000
    .venv/bin/python bench/bench_import.py --backend postgresql --rows 100000

antq's path: the whole file parsed and validated (areas resolved in one query per level), then
written with bulk inserts in one transaction. The naive baseline is what a straightforward
importer does: for each row, look its commune up, then create the record through the service
(validation, save, history row), each in its own transaction. The baseline runs on a sample
(--baseline-rows) and its per-row time is scaled to the full file; the printout says so.
Writes bench/results/import-<backend>.json. The benchmark database is its own (var/bench/ or
the PostgreSQL database antq_bench) and is emptied of camera sites before each run.

Into a populated database, rollup on against off in one run:

    .venv/bin/python bench/bench_import.py --backend postgresql --populated antq_bench_national \
        --rows 100000,400000

imports the CSV into an existing PostgreSQL database (the national dataset of bench/national.py,
built by bench_national.py at the scale the machine affords) with the rollup on (the bulk
service appends the chunk's pending deltas; the worker's fold, timed apart, adds them to the
cells) and off (`rollup.records_created` made a no-op), each case in a process of its own so
that its peak memory is its own; what a case wrote is taken away after it (the rollup kept
equal to the records). Writes bench/results/import-populated-postgresql.json.
"""

import argparse
import csv
import io
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = os.environ.get("ANTQ_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def configure(backend):
    os.environ["DJANGO_SETTINGS_MODULE"] = "antq.settings"
    os.environ["ANTQ_VAR_DIR"] = str(ROOT / "var" / "bench")
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(
            PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
        ) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname='antq_bench'").fetchone()
            if not exists:
                conn.execute("CREATE DATABASE antq_bench")
        os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/antq_bench"
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def prepare():
    from django.core.management import call_command

    from antq.accounts.models import User
    from antq.areas.models import Area
    from antq.areas.services import areas_load_from_package

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load_from_package()
    user, _ = User.objects.get_or_create(username="bench", defaults={"is_superuser": True})
    user.is_superuser = True
    user.save()
    wipe()
    return user


def wipe():
    """Empty the camera tables directly (a per-row delete would write a history row each)."""
    from django.db import connection

    from antq.cameras.models import CameraSite

    with connection.cursor() as cur:
        for model in (CameraSite.history.model, CameraSite):
            cur.execute(f"DELETE FROM {model._meta.db_table}")


def make_rows(n, seed=7):
    """Deterministic camera rows spread over today's communes of three provinces."""
    from antq.areas.choices import AreaLevel
    from antq.areas.models import Area

    communes = list(
        Area.objects.filter(
            level=AreaLevel.COMMUNE, valid_to__isnull=True, path__regex=r"^0001000[1-3]"
        ).values_list("code", "latitude", "longitude")
    )
    rng = random.Random(seed)
    owners = ["household", "agency", "enterprise", "school", "commune_system"]
    rows = []
    for i in range(n):
        code, lat, lon = communes[i % len(communes)]
        rows.append(
            [
                code,
                f"Số {i} đường {rng.randint(1, 300)}",
                round((lat or 16) + rng.uniform(-0.02, 0.02), 6),
                round((lon or 106) + rng.uniform(-0.02, 0.02), 6),
                rng.choice(owners),
                rng.randint(1, 32),
                rng.choice(["có", "không"]),
                # a day on which today's communes are in force: a code is read on the row's date
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 11):02d}/2026",
                "working",
                rng.choice(["socialised", "owner", ""]),
            ]
        )
    return rows


HEADER = [
    "commune code",
    "address",
    "latitude",
    "longitude",
    "owner type",
    "camera heads",
    "connected to the commune system",
    "installed on",
    "status",
    "funding source",
]


def as_csv(rows):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def as_xlsx(rows):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("cameras")
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def naive_import(rows, user):
    """Row by row: a lookup per row, then the service's validated save with history."""
    from antq.areas.choices import AreaLevel
    from antq.areas.models import Area
    from antq.cameras.services import camerasite_create
    from antq.core.imports import parse_bool, parse_date

    for r in rows:
        area = Area.objects.get(level=AreaLevel.COMMUNE, code=r[0], valid_to__isnull=True)
        camerasite_create(
            acting_user=user,
            area=area,
            address=r[1],
            latitude=r[2],
            longitude=r[3],
            owner_type=r[4],
            heads=r[5],
            connected=parse_bool(r[6]),
            installed_on=parse_date(r[7]),
            status=r[8],
            funding_source=r[9],
        )


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def populated_case(data, n, rollup_on, out):
    """One import into the populated database, in a forked process: its seconds and peak RSS;
    with the rollup on, then the fold of its pending deltas, timed apart."""
    from django.db import connections

    connections.close_all()
    from antq.accounts.models import User
    from antq.cameras.imports import CAMERA_IMPORT
    from antq.core import imports
    from antq.core.imports import run_import
    from antq.core.locks import system_load
    from antq.indicators import rollup

    if not rollup_on:
        rollup.records_created = lambda model, objs: None
    beyond = n > imports.MAX_ROWS
    if beyond:
        # a file larger than an import accepts (MAX_ROWS): measured as if an operator had
        # raised the limit, so that the cost's growth with the file shows
        imports.MAX_ROWS = n
    user = User.objects.get(username="bench")
    t0 = time.perf_counter()
    # the dataset's approved tallies close its months: a load by the system, as the demo's
    with system_load():
        outcome = run_import(CAMERA_IMPORT, acting_user=user, data=data, filename="b.csv")
    seconds = time.perf_counter() - t0
    assert outcome.ok, outcome.errors[:5]
    peak = rss_mb()
    t0 = time.perf_counter()
    folded = rollup.fold() if rollup_on else 0
    fold_s = time.perf_counter() - t0
    out.put(
        {
            "rollup": "on" if rollup_on else "off",
            "rows": n,
            "seconds": round(seconds, 2),
            "rows_per_second": round(n / seconds),
            "peak_rss_mb": round(peak),
            "fold_seconds": round(fold_s, 2),
            "pending_rows_folded": folded,
            "rows_per_second_with_fold": round(n / (seconds + fold_s)),
            "beyond_the_files_row_limit": beyond,
        }
    )
    connections.close_all()


def take_back(first_pk, rollup_on):
    """Remove the camera sites a case imported (pk > first_pk), their history rows, and, when
    the rollup counted them, their contributions (appended negated, then folded)."""
    from django.db import connection

    from antq.cameras.models import CameraSite
    from antq.indicators import rollup
    from antq.indicators.rollup.contributions import own_contributions
    from antq.indicators.rollup.pending import append

    if rollup_on:
        plan = rollup.plans()[CameraSite]
        last = CameraSite.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for low in range(first_pk, last, 20000):
            pks = range(low + 1, min(low + 20000, last) + 1)
            gone = own_contributions(plan, set(plan.keys), pks)
            append({cell: -value for cell, value in gone.items()})
        rollup.fold()
    with connection.cursor() as cur:
        cur.execute(
            f"DELETE FROM {CameraSite.history.model._meta.db_table} WHERE id > %s", [first_pk]
        )
        cur.execute(f"DELETE FROM {CameraSite._meta.db_table} WHERE id > %s", [first_pk])


def populated_main(args):
    import multiprocessing

    import psycopg

    admin = PG_ADMIN_URL.replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname=%s", [args.populated]
        ).fetchone():
            sys.exit(f"{args.populated}: no such database (build it with bench/bench_national.py)")
    os.environ["DJANGO_SETTINGS_MODULE"] = "antq.settings"
    os.environ["ANTQ_VAR_DIR"] = str(ROOT / "var" / "bench")
    os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + args.populated
    os.environ["ANTQ_ROLLUP_ON_MIGRATE"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import translation

    from antq.accounts.models import User
    from antq.cameras.models import CameraSite
    from antq.indicators import rollup

    translation.activate("en")
    call_command("migrate", verbosity=0)
    User.objects.update_or_create(username="bench", defaults={"is_superuser": True})
    rollup.fold()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE relname NOT LIKE 'django_%%'"
        )
        records = int(cur.fetchone()[0] or 0)
    ctx = multiprocessing.get_context("fork")
    cases = []
    for n in [int(x) for x in args.rows_list.split(",")]:
        data = as_csv(make_rows(n))
        for rollup_on in (True, False):
            first_pk = CameraSite.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            connections.close_all()
            out = ctx.Queue()
            child = ctx.Process(target=populated_case, args=(data, n, rollup_on, out))
            child.start()
            child.join()
            if child.exitcode:
                sys.exit(f"the import failed (exit {child.exitcode})")
            case = out.get(timeout=60)
            cases.append(case)
            print(case, flush=True)
            take_back(first_pk, rollup_on)
        on, off = cases[-2], cases[-1]
        on["ratio_on_off"] = round(on["rows_per_second"] / off["rows_per_second"], 3)
        on["ratio_on_off_with_fold"] = round(
            on["rows_per_second_with_fold"] / off["rows_per_second"], 3
        )
    problems = rollup.check(["cameras.sites", "cameras.heads"])
    result = {
        "backend": "postgresql",
        "database": args.populated,
        "live_rows_before": records,
        "cases": cases,
        "rollup_equal_to_records_after": not problems,
        "note": "ratio_on_off = rows/s with the rollup on / off, same run, same database; "
        "fold_seconds: the worker's fold of the import's pending deltas, after it",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_file = RESULTS / "import-populated-postgresql.json"
    out_file.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written: {out_file}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--rows", dest="rows_list", default="100000")
    ap.add_argument("--baseline-rows", type=int, default=2_000)
    ap.add_argument("--populated", help="an existing PostgreSQL database: rollup on vs off")
    args = ap.parse_args()
    if args.populated:
        populated_main(args)
        return
    args.rows = int(args.rows_list.split(",")[0])
    configure(args.backend)
    from django.utils import translation

    from antq.cameras.imports import CAMERA_IMPORT
    from antq.cameras.models import CameraSite
    from antq.core.imports import run_import

    translation.activate("en")
    user = prepare()
    rows = make_rows(args.rows)
    cases = []

    for fmt, encode in (("csv", as_csv), ("xlsx", as_xlsx)):
        data = encode(rows)
        wipe()
        before = rss_mb()
        t0 = time.perf_counter()
        outcome = run_import(CAMERA_IMPORT, acting_user=user, data=data, filename=f"b.{fmt}")
        seconds = time.perf_counter() - t0
        assert outcome.ok, outcome.errors[:5]
        assert CameraSite.objects.count() == args.rows
        cases.append(
            {
                "name": f"antq_import_{fmt}",
                "rows": args.rows,
                "seconds": round(seconds, 2),
                "rows_per_second": round(args.rows / seconds),
                "peak_rss_mb": round(max(rss_mb(), before)),
            }
        )

    wipe()
    sample = rows[: args.baseline_rows]
    t0 = time.perf_counter()
    naive_import(sample, user)
    per_row = (time.perf_counter() - t0) / len(sample)
    baseline = per_row * args.rows
    cases.append(
        {
            "name": "naive_row_by_row",
            "rows": len(sample),
            "seconds": round(per_row * len(sample), 2),
            "rows_per_second": round(1 / per_row),
            "scaled_seconds_for_all_rows": round(baseline, 1),
        }
    )
    csv_case = cases[0]
    speedup = round(baseline / csv_case["seconds"], 1)
    result = {
        "backend": args.backend,
        "rows": args.rows,
        "cases": cases,
        "speedup_csv_vs_naive": speedup,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"import-{args.backend}.json").write_text(json.dumps(result, indent=2) + "\n")

    print(f"\nCamera-site import, {args.rows:,} rows, {args.backend}")
    print(f"{'case':<22}{'rows':>10}{'seconds':>10}{'rows/s':>10}{'peak RSS MB':>13}")
    for c in cases:
        print(
            f"{c['name']:<22}{c['rows']:>10,}{c['seconds']:>10}{c['rows_per_second']:>10,}"
            f"{c.get('peak_rss_mb', ''):>13}"
        )
    print(
        f"naive baseline scaled to {args.rows:,} rows: {baseline:,.0f} s "
        f"(measured on {len(sample):,}); antq CSV import is {speedup}x faster"
    )
    wipe()


if __name__ == "__main__":
    main()
