"""The dashboard page for the national user: GET /dashboard/ whole, at the bench's national data.

    .venv/bin/python bench/bench_dashboard.py --backend postgresql --scale 0.1 --repeat 40
    .venv/bin/python bench/bench_dashboard.py --backend sqlite --scale 0.01

Reuses (or generates) the synthetic national dataset of bench/national.py, as
bench/bench_national.py does, and requests the page as the national administrator (a role at the
country, signed in with the second factor) through Django's test client: the whole request,
middleware, view, reads and template, without the network. Target: p95 under 100 ms on
PostgreSQL.

Its baseline, measured in the same run: the page's reads alone (the indicators of the period and
the previous one, the ranking, the breadcrumbs and every flag's read), called as the view calls
them; the page's p95 is given as a ratio to theirs, and what is left is the page's own cost
(chiefly the template). Each flag's read is timed apart, and the page's queries are counted.
On a loaded machine the wall times mostly measure the wait for a core: the page's CPU time is
given too, this process's (Python: middleware, view, ORM, template) and, on PostgreSQL when its
server runs on this machine, the server backend's (read from /proc), as means per request.
Writes bench/results/dashboard-<backend>.json (dashboard-<backend>-scale-<scale>.json at
another scale than 1.0).
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# the test client's host; set before bench.national configures Django
os.environ["ANTQ_ALLOWED_HOSTS"] = "testserver"

from bench import national  # noqa: E402
from bench.bench_national import national_admin  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def pct(times, p):
    if len(times) == 1:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[p - 1]


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def cpu_per_call(fn, repeat, backend_pid=None):
    """Mean CPU ms per call: this process, and the database backend (None when its /proc entry
    cannot be read: another machine, SQLite)."""

    def backend():
        try:
            with open(f"/proc/{backend_pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, TypeError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    b0, p0 = backend(), time.process_time()
    for _ in range(repeat):
        fn()
    python = (time.process_time() - p0) / repeat * 1000
    b1 = backend()
    server = None if b0 is None or b1 is None else (b1 - b0) / repeat * 1000
    return {
        "python_ms": round(python, 2),
        "server_ms": None if server is None else round(server, 2),
    }


def figures(times):
    return {"p50_ms": round(pct(times, 50), 2), "p95_ms": round(pct(times, 95), 2)}


def dashboard_run(description, repeat):
    """The command line of a national dashboard benchmark (--backend, --scale, --seed,
    --repeat), the dataset prepared, and what the page reads: (arguments, the dataset's counts,
    the national administrator, the country, the page's default period: this year)."""
    ap = argparse.ArgumentParser(description=description.split("\n\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=repeat)
    args = ap.parse_args()
    counts, _load_s, _rollup_s = national.prepare(args.backend, args.scale, args.seed)
    user, country = national_admin()
    today = date.today()
    return args, counts, user, country, (date(today.year, 1, 1), date(today.year, 12, 31))


def main():
    args, counts, user, country, (d0, d1) = dashboard_run(__doc__, repeat=40)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antq.core.testing.second_factor import Client
    from antq.indicators.groups import flags
    from antq.indicators.selectors import breadcrumbs, dashboard, group_charts, ranked_children

    client = Client()
    client.force_login(user)

    def page():
        response = client.get("/dashboard/")
        assert response.status_code == 200, response.status_code
        return response

    body = page().content.decode()
    for _ in range(3):  # warm-up
        page()
    page_times = timed(page, args.repeat)
    with CaptureQueriesContext(connection) as ctx:
        page()
    queries = len(ctx.captured_queries)
    backend_pid = None
    if args.backend == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_pid = cursor.fetchone()[0]
    page_cpu = cpu_per_call(page, args.repeat, backend_pid)

    def reads():
        groups = dashboard(user, country, d0, d1)
        group_charts(groups)
        ranked_children(user, country, "cameras.sites", d0, d1)
        breadcrumbs(user, country)
        for flag in flags():
            flag.read(user, country, d0, d1)

    reads()
    read_times = timed(reads, args.repeat)
    read_cpu = cpu_per_call(reads, args.repeat, backend_pid)
    flag_rows = {}
    for flag in flags():
        flag.read(user, country, d0, d1)
        flag_rows[flag.key] = figures(timed(lambda f=flag: f.read(user, country, d0, d1), 10))

    page_p95, read_p95 = pct(page_times, 95), pct(read_times, 95)
    result = {
        "backend": args.backend,
        "scale": args.scale,
        "seed": args.seed,
        "records": national.record_count(counts),
        "user": "the national administrator (a role at the country)",
        "period": [d0.isoformat(), d1.isoformat()],
        "repeat": args.repeat,
        "page": figures(page_times) | {"queries": queries, "bytes": len(body)},
        "baseline_reads": figures(read_times),
        "cpu_per_request": {"page": page_cpu, "reads": read_cpu},
        "load_average": list(os.getloadavg()),
        "ratio_to_reads": round(page_p95 / read_p95, 2),
        "rest_of_page_p95_ms": round(page_p95 - read_p95, 2),
        "flags": flag_rows,
        "target_p95_ms": 100,
        "meets_target": page_p95 < 100,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = args.backend if args.scale == 1.0 else f"{args.backend}-scale-{args.scale}"
    (RESULTS / f"dashboard-{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"\nGET /dashboard/, national user, {args.backend}, scale {args.scale} "
        f"({result['records']:,} records), {args.repeat} runs"
    )
    print(
        f"  page:  p50 {pct(page_times, 50):7.1f} ms, p95 {page_p95:7.1f} ms "
        f"({queries} queries, {len(body):,} bytes); target p95 < 100 ms: "
        f"{'met' if page_p95 < 100 else 'NOT met'}"
    )
    print(
        f"  reads: p50 {pct(read_times, 50):7.1f} ms, p95 {read_p95:7.1f} ms (the baseline); "
        f"the page is {result['ratio_to_reads']}x its reads"
    )
    print(
        f"  CPU per request: page {page_cpu['python_ms']} ms Python + {page_cpu['server_ms']} ms "
        f"server, reads {read_cpu['python_ms']} + {read_cpu['server_ms']} ms; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for key, row in flag_rows.items():
        print(f"  flag {key:<14} p50 {row['p50_ms']:7.1f} ms, p95 {row['p95_ms']:7.1f} ms")


if __name__ == "__main__":
    main()
