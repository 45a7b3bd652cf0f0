"""Concurrent writers on PostgreSQL: record writes per second with the indicator rollup kept in
the same transaction, against the same writers with the rollup's receivers disconnected, in one
run.

    .venv/bin/python bench/bench_writes.py [--writers 1,2,4,8,16] [--seconds 5]

Each writer is its own process with its own connection; with the rollup on, one more process
folds the pending deltas into the cells every 2 seconds, as the worker does. A writer creates
camera sites through the service (`camerasite_create`: validation, scope check, save, history
row and, when the rollup is on, the rollup's work), one transaction each, for `--seconds`, in
the communes of its province ("different": writer i writes in province i) or all in the
communes of one province ("same"). While they run, the parent samples pg_stat_activity every
20 ms and counts the writers waiting on a lock, by the table the waiting statement writes (the
ancestor cells are `indicators_cell`).

The baseline is the same writers with the rollup off, measured in the same run; the result
prints the ratio on/off for each case. With the rollup off the rollup is left out of date;
the run rebuilds it at the end. Its own database, antq_bench_writes (ANTQ_BENCH_WRITES_DB).
Writes bench/results/writes-postgresql.json.
"""

import argparse
import json
import multiprocessing
import os
import re
import sys
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = os.environ.get("ANTQ_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = os.environ.get("ANTQ_BENCH_WRITES_DB", "antq_bench_writes")
TABLES = re.compile(
    r'"?(indicators_cell|indicators_owncell|indicators_pendingdelta|areas_area|cameras_\w+)"?'
)
FOLD_SECONDS = 2  # as the worker does (indicators/apps.py)


def configure():
    import psycopg

    admin = PG_ADMIN_URL.replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "antq.settings"
    os.environ["ANTQ_VAR_DIR"] = str(ROOT / "var" / "bench")
    os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE
    import django

    django.setup()


def prepare(n_provinces):
    """Today's units loaded once; {province path: [commune pk]} for the first provinces."""
    from django.core.management import call_command

    from antq.accounts.models import User
    from antq.areas.choices import AreaLevel
    from antq.areas.models import Area
    from antq.areas.services import areas_load_from_package

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load_from_package()
    User.objects.update_or_create(username="bench-writer", defaults={"is_superuser": True})
    communes = {}
    for path, pk in Area.objects.filter(level=AreaLevel.COMMUNE, valid_to__isnull=True).values_list(
        "path", "pk"
    ):
        communes.setdefault(path[: 2 * Area.steplen], []).append(pk)
    provinces = sorted(communes)[:n_provinces]
    return {p: communes[p] for p in provinces}


def rollup_off():
    """Disconnect the rollup's receivers in this process (the benchmark's baseline)."""
    from django.db.models import signals

    for signal in (signals.pre_save, signals.post_save, signals.pre_delete, signals.post_delete):
        with signal.lock:
            signal.receivers = [
                r
                for r in signal.receivers
                if not (isinstance(r[0][0], str) and r[0][0].startswith("antq-rollup"))
            ]
            signal.sender_receivers_cache.clear()


def writer(communes, rollup, start, seconds, out, seed):
    import random

    from django.db import connections

    connections.close_all()
    if not rollup:
        rollup_off()
    from antq.accounts.models import User
    from antq.areas.models import Area
    from antq.cameras.services import camerasite_create

    user = User.objects.get(username="bench-writer")
    areas = list(Area.objects.filter(pk__in=communes))
    rng = random.Random(seed)
    start.wait()
    done, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        camerasite_create(
            acting_user=user,
            area=rng.choice(areas),
            address=f"Số {rng.randint(1, 999)}",
            owner_type="household",
            heads=rng.randint(1, 8),
            # a day today's communes were in force (from the 2025 reform on)
            installed_on=date(2025, 7, 1) + timedelta(days=rng.randint(0, 500)),
        )
        done += 1
    out.put(done)
    connections.close_all()


def folder(stop, out):
    """The worker's fold, every FOLD_SECONDS while the writers run (rollup on)."""
    from django.db import connections

    from antq.indicators import rollup

    connections.close_all()
    folded = 0
    while not stop.is_set():
        folded += rollup.fold(wait=False)
        stop.wait(FOLD_SECONDS)
    out.put(folded)
    connections.close_all()


def sample_locks(stop, counts):
    import psycopg

    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as conn:
        while not stop.is_set():
            rows = conn.execute(
                "SELECT query FROM pg_stat_activity WHERE datname = %s "
                "AND wait_event_type = 'Lock'",
                [DATABASE],
            ).fetchall()
            counts["samples"] += 1
            for (query,) in rows:
                match = TABLES.search(query or "")
                counts[match.group(1) if match else "other"] += 1
            time.sleep(0.02)


def run_case(provinces, writers, same, rollup, seconds):
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    start, out = ctx.Barrier(writers + 1), ctx.Queue()
    names = list(provinces)
    procs = []
    for i in range(writers):
        communes = provinces[names[0]] if same else provinces[names[i % len(names)]]
        procs.append(
            ctx.Process(target=writer, args=(communes, rollup, start, seconds, out, i), daemon=True)
        )
    stop_fold, folded = ctx.Event(), ctx.Queue()
    fold = ctx.Process(target=folder, args=(stop_fold, folded), daemon=True) if rollup else None
    for p in procs:
        p.start()
    if fold:
        fold.start()
    counts, stop = Counter(), threading.Event()
    sampler = threading.Thread(target=sample_locks, args=(stop, counts))
    start.wait()
    sampler.start()
    began = time.perf_counter()
    total = sum(out.get(timeout=seconds + 120) for _ in procs)
    elapsed = time.perf_counter() - began
    stop.set()
    sampler.join()
    for p in procs:
        p.join()
    folded_rows = None
    if fold:
        stop_fold.set()
        folded_rows = folded.get(timeout=120)
        fold.join()
    samples = counts.pop("samples", 0) or 1
    return {
        "writes": total,
        "pending_rows_folded": folded_rows,
        "writes_per_s": round(total / elapsed, 1),
        "lock_waiters_per_sample": {k: round(v / samples, 3) for k, v in sorted(counts.items())},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", default="1,2,4,8,16")
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    counts = [int(n) for n in args.writers.split(",")]
    configure()
    provinces = prepare(max(counts))
    from django.db import connection

    from antq.indicators import rollup

    cases = []
    for same in (False, True):
        for n in counts:
            row = {"writers": n, "provinces": "same" if same else "different"}
            for on in (True, False):
                row["on" if on else "off"] = run_case(provinces, n, same, on, args.seconds)
            row["ratio_on_off"] = round(
                row["on"]["writes_per_s"] / max(row["off"]["writes_per_s"], 0.1), 3
            )
            cases.append(row)
            print(
                f"{n:>2} writers, {row['provinces']:>9} provinces: "
                f"on {row['on']['writes_per_s']:>7}/s, off {row['off']['writes_per_s']:>7}/s, "
                f"ratio {row['ratio_on_off']:.2f}; waiting on a lock (rollup on): "
                f"{row['on']['lock_waiters_per_sample']}",
                flush=True,
            )
    connection.close()
    rollup.rebuild()
    result = {
        "benchmark": "concurrent writers, camera sites through the service",
        "backend": "postgresql",
        "seconds_per_case": args.seconds,
        "cpu_count": os.cpu_count(),
        "cases": cases,
        "note": "ratio_on_off = writes/s with the rollup on / with it off, same run; "
        "lock_waiters_per_sample = writers seen waiting on a lock per 20 ms sample, by the "
        "table their statement writes",
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "writes-postgresql.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"written: {RESULTS / 'writes-postgresql.json'}")


if __name__ == "__main__":
    main()
