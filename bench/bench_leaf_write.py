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

    .venv/bin/python bench/bench_leaf_write.py --backend postgresql --service --label after

With --service the camera sites are created through the service (`camerasite_create` by a
superuser: validation, scope check, the closed periods' check of reports/locks.py, save, history
row, rollup), in commune A's village, dated in months the province's signed report and the
approved tally of commune B do not close. Each write's SQL statements are counted, those of the
closed periods' check apart, in three configurations in the same run: everything on, the
closed periods' check off, the rollup off (their differences are what each costs). Writes
bench/results/leaf-write-service-<backend>-<label>.json. The PostgreSQL database is
ANTQ_BENCH_PG_DATABASE (default antq_bench_leaf).
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
PG_DATABASE = os.environ.get("ANTQ_BENCH_PG_DATABASE", "antq_bench_leaf")


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


def closing(province, commune):
    """A signed report on the province and an approved tally of commune B, in 2024: periods
    closed in the tree, none of them those the service writes are dated in."""
    from django.utils import timezone

    from antq.accounts.models import User
    from antq.reports.models import FrozenReport
    from antq.tallies.models import MonthlyTally

    user, _new = User.objects.update_or_create(
        username="bench-writer", defaults={"is_superuser": True}
    )
    FrozenReport.objects.create(
        area=province,
        date_from=date(2024, 1, 1),
        date_to=date(2024, 12, 31),
        figures={},
        signed_by=user,
        signed_at=timezone.now(),
    )
    MonthlyTally.objects.create(
        area=commune, month=date(2024, 6, 1), status="approved", approved_by=user
    )
    return user


def _rollup_off():
    from django.db.models import signals

    saved = {}
    for signal in (signals.pre_save, signals.post_save, signals.pre_delete, signals.post_delete):
        saved[signal] = list(signal.receivers)
        signal.receivers = [
            r
            for r in signal.receivers
            if not (isinstance(r[0][0], str) and r[0][0].startswith("antq-rollup"))
        ]
        signal.sender_receivers_cache.clear()
    return saved


def _restore(saved):
    for signal, receivers in saved.items():
        signal.receivers = receivers
        signal.sender_receivers_cache.clear()


def service_writes(user, area, n, counted):
    """[(ms, statements, statements of the locks' check, ms of it)] of `n` creates through the
    service."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antq.cameras.services import camerasite_create

    out = []
    for i in range(n):
        counted[:] = [0, 0.0]
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            camerasite_create(
                acting_user=user,
                area=area,
                address=f"Số {i}",
                owner_type="household",
                heads=2,
                installed_on=date(2025, 1 + i % 12, 1),
            )
            ms = (time.perf_counter() - t0) * 1000
        out.append((ms, len(queries), counted[0], counted[1]))
    return out


def service_main(args):
    from django.core.management import call_command
    from django.db import connection

    from antq.core import locks
    from antq.reports.models import FrozenReport
    from antq.tallies.models import MonthlyTally

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:  # what refers to the areas that prepare() replaces
        for model in (FrozenReport, MonthlyTally.history.model, MonthlyTally):
            cur.execute(f"DELETE FROM {model._meta.db_table}")
    from antq.areas.models import Area

    full, _empty = prepare(args.records)
    user = closing(Area.objects.get(code="44"), Area.objects.get(code="10002"))
    counted = [0, 0.0]
    rules = list(locks._RULES)

    def counting(rule):
        def wrapped(records, **kwargs):
            before, t0 = len(connection.queries), time.perf_counter()
            try:
                return rule(records, **kwargs)
            finally:
                counted[0] += len(connection.queries) - before
                counted[1] += (time.perf_counter() - t0) * 1000

        return wrapped

    names = ("all_on", "locks_off", "rollup_off")
    found = {name: [] for name in names}
    service_writes(user, full, 5, counted)  # warm the caches and the connection
    # rounds of ten writes per configuration in turn: a loaded machine's swings hit them alike
    for _round in range(max(1, args.writes // 10)):
        for name in names:
            locks._RULES[:] = [] if name == "locks_off" else [counting(r) for r in rules]
            saved = _rollup_off() if name == "rollup_off" else None
            found[name] += service_writes(user, full, 10, counted)
            if saved is not None:
                _restore(saved)
    configs = {}
    for name, rows in found.items():
        ms = [r[0] for r in rows]
        configs[name] = {
            "median_ms": round(statistics.median(ms), 2),
            "writes_per_s": round(len(ms) / (sum(ms) / 1000), 1),
            "statements_per_write": statistics.median(r[1] for r in rows),
            "locks_statements_per_write": statistics.median(r[2] for r in rows),
            "locks_median_ms": round(statistics.median(r[3] for r in rows), 2),
        }
    locks._RULES[:] = rules
    on = configs["all_on"]
    result = {
        "benchmark": "camera sites created through the service, one transaction each",
        "backend": args.backend,
        "label": args.label,
        "records_in_leaf": args.records,
        "writes_each": args.writes,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "configs": configs,
        "statements_of_locks": on["statements_per_write"]
        - configs["locks_off"]["statements_per_write"],
        "statements_of_rollup": on["statements_per_write"]
        - configs["rollup_off"]["statements_per_write"],
    }
    name = f"leaf-write-service-{args.backend}-{args.label}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--records", type=int, default=20_000)
    ap.add_argument("--writes", type=int, default=40)
    ap.add_argument("--service", action="store_true", help="write through the service")
    ap.add_argument("--label", default="run", help="names the --service result file")
    args = ap.parse_args()
    configure(args.backend)
    if args.service:
        return service_main(args)
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
