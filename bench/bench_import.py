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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--baseline-rows", type=int, default=2_000)
    args = ap.parse_args()
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
