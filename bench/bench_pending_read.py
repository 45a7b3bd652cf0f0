"""What the pending deltas cost the dashboard: the national dashboard and a province's
drill-down read with 0, 2,000 and 20,000 deltas pending (the writes of a few seconds, and far
more than a fold every 2 seconds leaves), against the national dataset of bench/national.py.

    .venv/bin/python bench/bench_pending_read.py --database antq_bench_national [--repeat 15]

The deltas are real writes' deltas: camera sites created through the service, their rows
appended and left unfolded; at the end they are folded and the sites removed (through the
rollup). Writes bench/results/pending-read-postgresql.json.
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
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = os.environ.get("ANTQ_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--database", default="antq_bench_national")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "antq.settings"
    os.environ["ANTQ_VAR_DIR"] = str(ROOT / "var" / "bench")
    os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + args.database
    os.environ["ANTQ_ROLLUP_ON_MIGRATE"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    from antq.accounts.models import User
    from antq.areas.choices import AreaLevel
    from antq.areas.models import Area
    from antq.cameras.models import CameraSite
    from antq.indicators import rollup
    from antq.indicators.compute import compute
    from antq.indicators.models import PendingDelta
    from antq.indicators.registry import REGISTRY
    from antq.indicators.rollup.contributions import own_contributions
    from antq.indicators.rollup.pending import append

    call_command("migrate", verbosity=0)
    rollup.fold()
    admin, _ = User.objects.update_or_create(username="bench", defaults={"is_superuser": True})
    country = Area.objects.get(depth=1)
    province = Area.objects.filter(depth=2).order_by("path").first()
    villages = list(
        Area.objects.filter(level=AreaLevel.VILLAGE, valid_to__isnull=True).order_by("?")[:500]
    )
    keys = sorted(REGISTRY)
    year = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31), "by_child": True}
    plan = rollup.plans()[CameraSite]
    first = CameraSite.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    created = []

    def timed(area):
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            compute(keys, user=admin, area=area, **year)
            runs.append((time.perf_counter() - t0) * 1000)
        runs.sort()
        return {
            "p50_ms": round(statistics.median(runs), 1),
            "p95_ms": round(runs[int(0.95 * (len(runs) - 1))], 1),
        }

    cases = []
    for target in (0, 2000, 20000):
        while PendingDelta.objects.count() < target:
            sites = CameraSite.objects.bulk_create(
                CameraSite(
                    area=villages[(len(created) + i) % len(villages)],
                    owner_type="household",
                    heads=1 + i % 5,
                    installed_on=date(2018 + i % 8, 1 + i % 12, 1),
                )
                for i in range(500)
            )
            created += sites
            rollup.records_created(CameraSite, sites)
        pending = PendingDelta.objects.count()
        case = {
            "pending_rows": pending,
            "national_dashboard": timed(country),
            "province_drilldown": timed(province),
        }
        cases.append(case)
        print(case, flush=True)
    # take the sites back: their contributions negated, folded, then the rows removed
    pks = sorted(s.pk for s in created)
    for i in range(0, len(pks), 20000):
        gone = own_contributions(plan, set(plan.keys), pks[i : i + 20000])
        append({cell: -value for cell, value in gone.items()})
    rollup.fold()
    CameraSite.objects.filter(pk__gt=first)._raw_delete(CameraSite.objects.db)
    result = {
        "backend": "postgresql",
        "database": args.database,
        "indicators": len(keys),
        "repeat": args.repeat,
        "cases": cases,
        "rollup_equal_to_records_after": not rollup.check(["cameras.sites", "cameras.heads"]),
        "note": "compute() of every indicator for the year, by child, as the national "
        "administrator, with that many deltas pending (unfolded)",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pending-read-postgresql.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"written: {RESULTS / 'pending-read-postgresql.json'}")


if __name__ == "__main__":
    main()
