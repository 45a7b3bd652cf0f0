"""Peak memory of `antq rollup --check` on the national dataset (PostgreSQL): the check one
record type at a time (depth 0, as it was) against one record type and one province's subtree
at a time (depth 2, the default), each in a process of its own so that its peak RSS is its own.

    ANTQ_BENCH_PG_DATABASE=antq_bench_national .venv/bin/python bench/bench_check.py --scale 0.1

The dataset is bench/national.py's (built, or reused, at --scale). Writes
bench/results/check-postgresql.json.
"""

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def run(depth, scale, out):
    from bench import national

    national.configure("postgresql")
    from antq.indicators import rollup

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    problems = rollup.check(depth=depth)
    out.put(
        {
            "depth": depth,
            "seconds": round(time.perf_counter() - began, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "rss_before_mb": round(base / 1024),
            "problems": len(problems),
        }
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--depths", default="0,2")
    args = ap.parse_args()
    from bench import national

    counts, _load_s, _rollup_s = national.prepare("postgresql", args.scale, args.seed)
    records = national.record_count(counts)
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("spawn")
    cases = []
    for depth in (int(d) for d in args.depths.split(",")):
        out = ctx.Queue()
        proc = ctx.Process(target=run, args=(depth, args.scale, out))
        proc.start()
        cases.append(out.get())
        proc.join()
        print(cases[-1], flush=True)
    result = {
        "benchmark": "rollup --check, peak memory",
        "backend": "postgresql",
        "database": national.PG_DATABASE,
        "scale": args.scale,
        "records": records,
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "cases": cases,
        "note": "depth 0: one record type at a time (the check before); depth 2: one record "
        "type and one province's subtree at a time; peak_rss_mb is the process's peak RSS "
        "(Django and the app loaded: rss_before_mb)",
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "check-postgresql.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
