"""Communes with a model on the national dashboard: a count of distinct units kept by the rollup
(`Indicator.unit_path`), against what it cost computed from the records.

    .venv/bin/python bench/bench_unit_counts.py --backend postgresql --scale 0.1 --repeat 100

Reuses (or generates) the synthetic national dataset of bench/national.py, as
bench/bench_dashboard.py does, as the national administrator, for this year's period. In one
run, alternating blocks so that both sides meet the same load:

- the figure alone at the country, read from the rollup, against its baseline: the same figure
  computed from the records (one GROUP BY over the models, as every read did before);
- GET /dashboard/ with the figure listed against the same page with it not listed (as before),
  the page's p50/p95 and their ratio;
- `rollup.check()` of the figure (its cells and pending rows against the records).

Writes bench/results/unit-counts-<backend>[-scale-<scale>].json.
"""

import dataclasses
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["ANTQ_ALLOWED_HOSTS"] = "testserver"

from bench import national  # noqa: E402
from bench.bench_dashboard import dashboard_run, figures, pct  # noqa: E402

RESULTS = ROOT / "bench" / "results"
KEY = "models.communes_with_model"
BLOCK = 10


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main():
    args, counts, user, country, (d0, d1) = dashboard_run(__doc__, repeat=100)
    from antq.core.testing.second_factor import Client
    from antq.indicators import rollup
    from antq.indicators.compute import compute, compute_direct
    from antq.indicators.registry import REGISTRY

    if KEY not in rollup.fresh_keys():
        sys.exit(f"{KEY} is not built in the rollup")

    def kept():
        return compute([KEY], user=user, area=country, date_from=d0, date_to=d1)

    def direct():
        return compute_direct([KEY], user=user, area=country, date_from=d0, date_to=d1)

    value = kept()[country.path].value(KEY)
    if value != direct()[country.path].value(KEY):
        sys.exit("the rollup and the records disagree")

    client = Client()
    client.force_login(user)

    def page():
        response = client.get("/dashboard/")
        assert response.status_code == 200, response.status_code
        return response

    listed = REGISTRY[KEY]
    sides = {"listed": listed, "not listed": dataclasses.replace(listed, listed=False)}
    alone = {"rollup": kept, "records": direct}
    page_times = {name: [] for name in sides}
    alone_times = {name: [] for name in alone}
    sizes = {}
    try:
        for name, ind in sides.items():  # warm-up
            REGISTRY[KEY] = ind
            sizes[name] = len(page().content)
            page()
        for _block in range(max(1, args.repeat // BLOCK)):
            for name, ind in sides.items():
                REGISTRY[KEY] = ind
                page_times[name] += timed(page, BLOCK)
            for name, fn in alone.items():
                alone_times[name] += timed(fn, max(1, BLOCK // 2))
    finally:
        REGISTRY[KEY] = listed
    t0 = time.perf_counter()
    problems = rollup.check([KEY])
    check_s = time.perf_counter() - t0

    result = {
        "backend": args.backend,
        "scale": args.scale,
        "seed": args.seed,
        "records": national.record_count(counts),
        "period": [d0.isoformat(), d1.isoformat()],
        "repeat": args.repeat,
        "communes_with_a_model": value,
        "figure_alone": {name: figures(times) for name, times in alone_times.items()},
        "figure_ratio_rollup_to_records_p50": round(
            pct(alone_times["rollup"], 50) / pct(alone_times["records"], 50), 3
        ),
        "page": {
            name: figures(times) | {"bytes": sizes[name]} for name, times in page_times.items()
        },
        "page_ratio_listed_to_not_listed_p95": round(
            pct(page_times["listed"], 95) / pct(page_times["not listed"], 95), 3
        ),
        "check_s": round(check_s, 2),
        "check_problems": len(problems),
        "load_average": list(os.getloadavg()),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = args.backend if args.scale == 1.0 else f"{args.backend}-scale-{args.scale}"
    (RESULTS / f"unit-counts-{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"\n{KEY} at the country, {args.backend}, scale {args.scale}: {value:,}")
    for name, times in alone_times.items():
        p50, p95 = pct(times, 50), pct(times, 95)
        print(f"  alone, from the {name:<8} p50 {p50:7.1f} ms, p95 {p95:7.1f} ms")
    print(f"  rollup/records (p50): {result['figure_ratio_rollup_to_records_p50']}")
    for name, times in page_times.items():
        print(
            f"  GET /dashboard/, {name:<10} p50 {pct(times, 50):7.1f} ms, "
            f"p95 {pct(times, 95):7.1f} ms ({sizes[name]:,} bytes)"
        )
    print(f"  page listed/not listed (p95): {result['page_ratio_listed_to_not_listed_p95']}")
    print(f"  rollup.check([{KEY!r}]): {len(problems)} problems in {check_s:.1f} s")
    print(f"  load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
