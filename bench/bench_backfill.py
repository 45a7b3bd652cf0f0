"""Five years of one province's past, loaded from files through the imports, against the import
path as it was before it wrote by COPY and gathered the rollup's deltas per file (the
baseline), in one run.

    .venv/bin/python bench/bench_backfill.py --backend postgresql [--rows 1000000]

The province is a former one (`--province`, default 34, Thái Bình before 1 July 2025: 8
districts and 242 communes, all ended 2025-06-30, loaded from the unit package); every row names
a former commune by its code and is dated 2019–2023, so its unit is resolved by its date. Files
(CSV, seeded, under var/bench-backfill/): the province's teams, their members, activities, past
tips and one monthly tally per commune and month, at least `--rows` rows in all. Each file goes
through `run_import` with its import spec (`<app>/imports.py`), as the import page, the API and
`antq import` do: all of a file or nothing, every row checked by the spec and the model's rules,
written by the record type's bulk service. The teams go first (the members name them by id);
then the other files, `--jobs` (default 2) at a time, each import in a process of its own, as a
province's import jobs run side by side on the job runner (each file its own transaction, its
rollup deltas appended as pending rows; nothing they share is locked but the units, FOR KEY
SHARE); the tips start once the tallies are written. Beside them, in a process of its own, the
worker's fold runs as in production (every FOLD_SECONDS, `rollup.fold(wait=False)`; off with
`--no-fold-meanwhile`). `import_seconds` is the wall time from the first file's start to the
last one's end. Then the fold of what is still pending (`rollup.fold()`), and the
rollup's own check (`rollup.check(keys)`: cells plus pending against a recomputation from the
records, for every indicator of the record types written), which must find nothing.

The baseline is the same import of a sample (`--sample` activity rows of another former
province) by the code of `--baseline-ref` (the commit before this path; its `antq/` is extracted
with `git archive` under var/bench-backfill/), in a process of its own, against the same
database, followed by its fold and its check; the same sample goes through today's code in a
process of its own too. The database is its own (`antq_bench_backfill`, or
ANTQ_BENCH_PG_DATABASE, created through ANTQ_BENCH_PG_URL), its record tables emptied at the
start (the unit package is loaded once). PostgreSQL only: on SQLite the bulk services keep
Django's inserts. Writes bench/results/backfill-postgresql.json.
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VAR_DIR = ROOT / "var" / "bench-backfill"
PG_ADMIN_URL = os.environ.get("ANTQ_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = os.environ.get("ANTQ_BENCH_PG_DATABASE", "antq_bench_backfill")
BASELINE_REF = "29092f8"  # main before the import wrote by COPY and deferred the rollup
FIRST, LAST = date(2019, 1, 1), date(2023, 12, 31)
# the share of the rows each file holds (tallies: one per commune and month; teams: 10 a commune)
SHARES = {"members": 0.30, "tips": 0.06}
SPECS = {
    "teams": "antq.movement.imports:TEAM_IMPORT",
    "members": "antq.movement.imports:MEMBER_IMPORT",
    "activities": "antq.activities.imports:ACTIVITY_IMPORT",
    "tips": "antq.tips.imports:TIP_IMPORT",
    "tallies": "antq.tallies.imports:TALLY_IMPORT",
}


def configure(backend, src=None):
    """Django on the benchmark's PostgreSQL database (created when missing); `src` the tree
    whose `antq` runs (a baseline's)."""
    sys.path.insert(0, str(src or ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "antq.settings"
    os.environ.setdefault("ANTQ_VAR_DIR", str(VAR_DIR / "var"))
    import psycopg

    url = PG_ADMIN_URL.replace("postgres://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [PG_DATABASE])
        if not found.fetchone():
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
    import django

    django.setup()


def spec_of(name):
    import importlib

    module, attr = SPECS[name].split(":")
    return getattr(importlib.import_module(module), attr)


def bench_user():
    from antq.accounts.models import User

    user, _ = User.objects.get_or_create(username="bench-backfill")
    if not user.is_superuser:
        user.is_superuser = True
        user.save()
    return user


def counted_models():
    from antq.activities.models import Activity
    from antq.movement.models import Team, TeamMember
    from antq.tallies.models import MonthlyTally
    from antq.tips.models import Tip, TipEvent

    return [Activity, Tip, TipEvent, Team, TeamMember, MonthlyTally]


def touched_keys():
    from antq.indicators import rollup

    models = set(counted_models())
    return sorted({k for m, plan in rollup.plans().items() if m in models for k in plan.keys})


def prepare(backend):
    """Migrations, the unit package (today's and the former units), and empty record tables
    of the types the backfill writes, with their rollup rebuilt (empty)."""
    from django.core.management import call_command
    from django.db import connection

    from antq.areas.models import Area
    from antq.areas.services import areas_load_from_package
    from antq.indicators import rollup
    from antq.indicators.models import Cell, OwnCell, PendingDelta

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load_from_package()
    tables = [Cell, OwnCell, PendingDelta]
    for model in counted_models():
        tables.append(model)
        if hasattr(model, "history"):
            tables.append(model.history.model)
        tables += [f.remote_field.through for f in model._meta.local_many_to_many]
    names = [connection.ops.quote_name(m._meta.db_table) for m in tables]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(names)} CASCADE")
    rollup.rebuild()
    return bench_user()


def communes(code):
    """The former province's communes (code, id), those in force until 2025-06-30."""
    from antq.areas.choices import AreaLevel
    from antq.areas.models import Area

    province = Area.objects.get(level=AreaLevel.PROVINCE, code=code, valid_to__isnull=False)
    rows = Area.objects.filter(
        level=AreaLevel.COMMUNE, path__startswith=province.path, valid_to=date(2025, 6, 30)
    )
    return province, list(rows.order_by("code").values_list("code", flat=True))


def _day(rng):
    return FIRST + timedelta(days=rng.randrange((LAST - FIRST).days + 1))


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def activity_rows(codes, n, seed):
    rng = random.Random(seed)
    kinds = ["outreach", "dialogue", "training", "preliminary_review", "final_review", "other"]
    for i in range(n):
        kind = rng.choice(kinds)
        yield [
            codes[i % len(codes)],
            kind,
            f"Hoạt động {i}",
            _day(rng).isoformat(),
            rng.randint(5, 400) if rng.random() < 0.9 else "",
            "yes" if kind == "dialogue" else "",
        ]


ACTIVITY_HEADER = ["commune_code", "kind", "title", "held_on", "participants", "with_workers"]


def make_files(codes, total, seed):
    """The backfill's files (all but the members, which need the teams' ids): {name: (path,
    rows)}."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = {}
    teams = [
        [code, f"Tổ {k} {code}", kind, _day(rng).isoformat()]
        for code in codes
        for k, kind in enumerate(
            ["security_self_governing", "fire_safety_inter_family", "digital_technology"] * 3
            + ["youth_volunteer"]
        )
    ]
    files["teams"] = _file("teams", ["commune_code", "name", "kind", "established_on"], teams)
    months = [(y, m) for y in range(FIRST.year, LAST.year + 1) for m in range(1, 13)]
    tallies = []
    for code in codes:
        for y, m in months:
            registered = rng.randint(0, 5)
            tallies.append(
                [code, f"{y}-{m:02d}", registered, rng.randint(0, registered), rng.randint(0, 3)]
            )
    header = ["commune_code", "month", "criminal_cases_registered", "criminal_cases_clarified"]
    files["tallies"] = _file("tallies", [*header, "drug_cases"], tallies)
    n_members = int(total * SHARES["members"])
    n_tips = int(total * SHARES["tips"])
    n_activities = max(0, total - n_members - n_tips - len(teams) - len(tallies))
    files["tips"] = _file("tips", TIP_HEADER, tip_rows(codes, n_tips, rng))
    # an import takes at most MAX_ROWS rows a file: the activities come a year a file
    by_year = {}
    for row in activity_rows(codes, n_activities, seed):
        by_year.setdefault(row[3][:4], []).append(row)
    for year, rows in sorted(by_year.items()):
        files[f"activities-{year}"] = _file(f"activities-{year}", ACTIVITY_HEADER, rows)
    return files, n_members


TIP_HEADER = ["commune_code", "received_on", "legal_kind", "channel", "category"]
TIP_HEADER += ["summary", "outcome", "outcome_on"]


def tip_rows(codes, n, rng):
    outcomes = ["decided_prosecute", "decided_not_prosecute", "transferred"]
    for i in range(n):
        received = _day(rng)
        outcome = rng.choice(outcomes) if received < date(2023, 11, 1) else ""
        settled = received + timedelta(days=rng.randint(3, 30)) if outcome else None
        yield [
            codes[i % len(codes)],
            received.isoformat(),
            rng.choice(["denunciation", "crime_report"]),
            rng.choice(["in_person", "phone", "letter", "press"]),
            rng.choice(["theft", "fraud", "drugs", "gambling", "robbery"]),
            f"Tin báo số {i}",
            outcome if outcome != "transferred" else "decided_not_prosecute",
            settled.isoformat() if settled else "",
        ]


def member_rows(team_ids, n, seed):
    rng = random.Random(seed)
    for i in range(n):
        joined = _day(rng)
        yield [team_ids[i % len(team_ids)], f"Thành viên {i}", "", joined.isoformat()]


def _file(name, header, rows):
    path = VAR_DIR / f"{name}.csv"
    rows = list(rows)
    write_csv(path, header, rows)
    return path, len(rows)


def import_file(name, path, user):
    """One file through run_import: (rows created, seconds, errors)."""
    from antq.core.imports import run_import

    start = time.perf_counter()
    outcome = run_import(spec_of(name), acting_user=user, filename=path.name, path=path)
    seconds = time.perf_counter() - start
    errors = [f"{e.row} {e.column}: {e.message}" for e in outcome.errors[:5]]
    return outcome.created, seconds, errors


def _import_step(name, file, user):
    path, rows = file
    n, seconds, errors = import_file(name.split("-")[0], path, user)
    if errors or n != rows:
        raise RuntimeError(f"{name}: {n} of {rows} rows imported; {errors}")
    print(f"{name}: {n} rows in {seconds:.1f} s ({n / seconds:.0f} rows/s)", flush=True)
    return {
        "file": name,
        "rows": n,
        "seconds": round(seconds, 2),
        "rows_per_second": round(n / seconds),
    }


def _pool_import(name, file, user_pk):
    """One file in a worker process (its own connection: the parent closed its own before the
    workers were forked)."""
    from antq.accounts.models import User

    return _import_step(name, file, User.objects.get(pk=user_pk))


def import_concurrently(files, first, then, user, jobs):
    """The files `first`, then `then` once every file of `first` that could clash with them is
    done, `jobs` imports at a time, each a process of its own, as a province's import jobs
    run side by side on the job runner: each file still one transaction, its deltas pending
    for the fold. The tips wait for the tallies (a unit and month's tip figures come from one
    source: the tips import refuses the months whose tallies carry tip counts, and two
    transactions side by side would not see each other's rows)."""
    import multiprocessing

    from django.db import connections

    if jobs <= 1:
        return [_import_step(name, files[name], user) for name in [*first, *then]]
    # the pool takes its tasks in the order given: the tallies and the first others fill the
    # processes, the tips are queued as soon as the tallies are done, before the rest of
    # `first` (queued after the rest, the slowest file ran alone on one core at the end)
    order = ["tallies", *(n for n in first if n != "tallies")]
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(jobs, maxtasksperchild=1) as pool:

        def start(names):
            return {n: pool.apply_async(_pool_import, (n, files[n], user.pk)) for n in names}

        running = start(order[:jobs])
        running["tallies"].get()  # then the tips may go
        running |= start([*then, *order[jobs:]])
        return [running[n].get() for n in [*first, *then]]


def _worker_fold(done, folded):
    """The worker's fold (indicators/apps.py: every FOLD_SECONDS, without waiting for another
    fold) in a process of its own while the files are imported."""
    from antq.indicators import rollup
    from antq.indicators.apps import FOLD_SECONDS

    while not done.wait(FOLD_SECONDS):
        folded.value += rollup.fold(wait=False)


def folding_meanwhile():
    """Start the worker's fold beside the imports: (stop() → rows it folded)."""
    import multiprocessing

    from django.db import connections

    context = multiprocessing.get_context("fork")
    done, folded = context.Event(), context.Value("q", 0)
    connections.close_all()
    process = context.Process(target=_worker_fold, args=(done, folded))
    process.start()

    def stop():
        done.set()
        process.join()
        if process.exitcode:
            raise RuntimeError(f"the fold beside the imports failed ({process.exitcode})")
        return folded.value

    return stop


def fold_and_check(keys):
    from antq.indicators import rollup
    from antq.indicators.models import PendingDelta

    pending = PendingDelta.objects.count()
    start = time.perf_counter()
    rollup.fold()
    fold_s = time.perf_counter() - start
    start = time.perf_counter()
    problems = rollup.check(keys)
    check_s = time.perf_counter() - start
    return {
        "pending_rows_folded": pending,
        "fold_seconds": round(fold_s, 2),
        "rollup_check_seconds": round(check_s, 2),
        "rollup_equal_to_recomputation": not problems,
        "rollup_problems": [str(p) for p in problems[:5]],
    }


def sample_worker(args):
    """In a process of its own (the baseline's code or today's): the sample file imported, then
    the fold and the check of the activities' indicators. Prints its figures as JSON."""
    configure(args.backend, args.src)
    from antq.activities.models import Activity
    from antq.indicators import rollup

    user = bench_user()
    path = Path(args.file)
    created, seconds, errors = import_file("activities", path, user)
    keys = sorted(rollup.plans()[Activity].keys)
    out = {"rows": created, "import_seconds": round(seconds, 2), "errors": errors}
    out.update(fold_and_check(keys))
    total = seconds + out["fold_seconds"]
    out["rows_per_second"] = round(created / seconds) if seconds else None
    out["rows_per_second_with_fold"] = round(created / total) if total else None
    print(json.dumps(out))


def run_sample(args, src, path):
    cmd = [sys.executable, __file__, "--backend", args.backend, "--worker", str(path)]
    cmd += ["--src", str(src)]
    env = dict(os.environ, ANTQ_VAR_DIR=str(VAR_DIR / "var"))
    done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def baseline_tree(ref):
    """The baseline's `antq` package, extracted from git at `ref` (once)."""
    src = VAR_DIR / f"baseline-{ref}"
    if not (src / "antq").exists():
        src.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "antq"], check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
    return src


def uptime():
    try:
        env = dict(os.environ, TZ="UTC")
        return subprocess.run(["uptime"], capture_output=True, text=True, env=env).stdout.strip()
    except OSError:
        return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["postgresql"], default="postgresql")
    parser.add_argument("--province", default="34", help="code of a former province")
    parser.add_argument("--sample-provinces", default="35,36", help="two more, for the samples")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--baseline-ref", default=BASELINE_REF)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--no-fold-meanwhile",
        dest="fold_meanwhile",
        action="store_false",
        help="no worker fold beside the imports: all is folded at the end",
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="imports at a time, each a process (after the teams)"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--src", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        args.file = args.worker
        return sample_worker(args)

    configure(args.backend)
    from antq.movement.models import Team

    load_before = uptime()
    user = prepare(args.backend)
    province, codes = communes(args.province)
    files, n_members = make_files(codes, args.rows, args.seed)
    print(f"{province.name}: {len(codes)} former communes; files under {VAR_DIR}")

    samples = {}
    if not args.no_baseline:
        for label, code, src in zip(
            ("baseline", "current"),
            args.sample_provinces.split(","),
            (baseline_tree(args.baseline_ref), ROOT),
            strict=True,
        ):
            _p, sample_codes = communes(code)
            path = VAR_DIR / f"sample-{label}.csv"
            rows = activity_rows(sample_codes, args.sample, args.seed + 1)
            write_csv(path, ACTIVITY_HEADER, rows)
            samples[label] = run_sample(args, src, path)
            print(f"sample, {label} path: {samples[label]}")

    start = time.perf_counter()
    steps = [_import_step("teams", files["teams"], user)]
    # the teams' ids, as the teams export gives them; at most MAX_ROWS a file
    team_ids = list(
        Team.objects.filter(area__path__startswith=province.path)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = list(member_rows(team_ids, n_members, args.seed))
    half = (len(rows) + 1) // 2
    header = ["team", "full_name", "role_in_team", "joined_on"]
    files["members-1"] = _file("members-1", header, rows[:half])
    files["members-2"] = _file("members-2", header, rows[half:])
    rest = ["tallies", "members-1", "members-2", *sorted(f for f in files if f.startswith("act"))]
    stop_fold = folding_meanwhile() if args.fold_meanwhile else lambda: 0
    steps += import_concurrently(files, rest, ["tips"], user, args.jobs)
    folded_meanwhile = stop_fold()
    import_s = time.perf_counter() - start
    created = sum(step["rows"] for step in steps)
    rollup_state = fold_and_check(touched_keys())
    total_s = import_s + rollup_state["fold_seconds"]
    print(f"fold: {rollup_state}")
    result = {
        "backend": args.backend,
        "province": f"{args.province} {province.name} (former: until 2025-06-30)",
        "former_communes": len(codes),
        "period": f"{FIRST} … {LAST}",
        "rows": created,
        "files": steps,
        "import_jobs_at_a_time": args.jobs,
        "import_seconds": round(import_s, 2),
        "import_seconds_summed_over_files": round(sum(st["seconds"] for st in steps), 2),
        "pending_rows_folded_beside_the_imports": folded_meanwhile,
        **rollup_state,
        "seconds_with_fold": round(total_s, 2),
        "rows_per_second_with_fold": round(created / total_s),
        "target_seconds": 60,
        "under_target": total_s < 60,
        "samples": samples,
        "uptime_before": load_before,
        "uptime_after": uptime(),
        "note": (
            "seconds_with_fold: every file imported (checked, written, rollup deltas appended; "
            f"the teams first, then {args.jobs} files at a time, each in its own process, the "
            "tips after the tallies; the worker's fold beside them unless --no-fold-meanwhile), "
            "then the fold of what is still pending; samples: the same activity sample imported "
            "by the baseline's code "
            f"({args.baseline_ref}) and today's, each in its own process, with fold and check"
        ),
    }
    if "baseline" in samples and "current" in samples:
        base = samples["baseline"]["rows_per_second_with_fold"]
        result["speedup_sample_vs_baseline"] = round(
            samples["current"]["rows_per_second_with_fold"] / base, 2
        )
        result["speedup_backfill_vs_baseline"] = round(
            result["rows_per_second_with_fold"] / base, 2
        )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"backfill-{args.backend}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"{created} rows in {total_s:.1f} s with the fold; wrote {out}")


if __name__ == "__main__":
    main()
