"""What one write's rollup work costs, by what its leaf area already holds.

    .venv/bin/python bench/bench_leaf_write.py --backend sqlite --records 20000
    .venv/bin/python bench/bench_leaf_write.py --backend postgresql --records 20000

A small tree (a country, a province, two communes with a village each) in the benchmark's own
database (var/bench-leaf/, or the PostgreSQL database antq_bench_leaf), emptied first. Village A
gets --records camera sites, village B none, and the rollup is rebuilt. Then camera sites are
created through `CameraSite.objects.create()` (the record, its history row, the rollup), each
in its own transaction, alternately in A and B, and the milliseconds of each are kept. When the
rollup's cost grows with what a leaf holds, `ratio_full_vs_empty` (median in A over median in
B) grows with --records; when a write applies only its own contributions, it stays near 1.
Writes bench/results/leaf-write-<backend>.json.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = os.environ.get("ANTQ_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "antq_bench_leaf"


def configure(backend):
    os.environ["DJANGO_SETTINGS_MODULE"] = "antq.settings"
    os.environ["ANTQ_VAR_DIR"] = str(ROOT / "var" / "bench-leaf")
    os.environ["ANTQ_ROLLUP_ON_MIGRATE"] = "0"  # built below, once the records are in
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(
            PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
        ) as conn:
            found = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]
            ).fetchone()
            if not found:
                conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def prepare(records):
    """The tree and village A's records, written straight into the tables, then the rollup."""
    from django.core.management import call_command
    from django.db import connection

    from antq.areas.models import Area
    from antq.cameras.models import CameraSite
    from antq.core.testing.factories import make_area
    from antq.indicators import rollup
    from antq.indicators.models import Cell, OwnCell, RollupState

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        for model in (CameraSite.history.model, CameraSite, Cell, OwnCell, RollupState):
            cur.execute(f"DELETE FROM {model._meta.db_table}")
    Area.objects.all().delete()
    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh", code="44")
    full = make_area(make_area(province, name="Xã A", code="10001"), name="Thôn A", code="T01")
    empty = make_area(make_area(province, name="Xã B", code="10002"), name="Thôn B", code="T01")
    start = date(2022, 1, 1)
    CameraSite.objects.bulk_create(
        (
            CameraSite(
                area=full,
                owner_type="household",
                heads=1 + i % 4,
                connected=i % 3 == 0,
                installed_on=start + timedelta(days=i % 1500),
            )
            for i in range(records)
        ),
        batch_size=5000,
    )
    rollup.rebuild()
    return full, empty


def timed_creates(area, n):
    from django.db import transaction

    from antq.cameras.models import CameraSite

    out = []
    for i in range(n):
        t0 = time.perf_counter()
        with transaction.atomic():
            CameraSite.objects.create(
                area=area, owner_type="household", heads=2, installed_on=date(2025, 1 + i % 12, 1)
            )
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--records", type=int, default=20_000)
    ap.add_argument("--writes", type=int, default=40)
    args = ap.parse_args()
    configure(args.backend)
    from antq.indicators import rollup

    full, empty = prepare(args.records)
    timed_creates(full, 3)  # warm the caches and the connection
    timed_creates(empty, 3)
    in_full, in_empty = [], []
    for _ in range(args.writes):
        in_full += timed_creates(full, 1)
        in_empty += timed_creates(empty, 1)
    problems = rollup.check()
    assert not problems, problems[:5]
    full_ms, empty_ms = statistics.median(in_full), statistics.median(in_empty)
    result = {
        "backend": args.backend,
        "records_in_full_leaf": args.records,
        "writes_each": args.writes,
        "median_ms_full_leaf": round(full_ms, 2),
        "median_ms_empty_leaf": round(empty_ms, 2),
        "ratio_full_vs_empty": round(full_ms / empty_ms, 2),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"leaf-write-{args.backend}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
