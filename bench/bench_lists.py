"""A record list page at scale: the camera-site list, its first page and a deep page, for a
national user and a commune user, each as a ratio to the time of its SQL queries alone.

    .venv/bin/python bench/bench_lists.py --backend postgresql --scale 0.1 --repeat 7
    .venv/bin/python bench/bench_lists.py --backend sqlite --scale 0.02

Uses the synthetic national dataset of bench/national.py (generated, or reused when its marker
says it holds the same scale and seed), as bench/bench_national.py does. Each case requests the
page through Django's test client (the whole request: middleware, filters, the query, the
table, the template) as a viewer of the country (an approver there) and as an editor of one
commune with villages, picked with the seed:
- page_1: /cameras/sites/ as the list opens (newest first);
- deep_page: the page DEEP_FRACTION of the way through the list. With antq's list paging
  (antq/core/paging.py) that page is reached as the list's "next" link reaches it, through a
  cursor made from the row before it; on a tree without it, by its page number (OFFSET).
Every query's time is taken at the database driver (connection.execute_wrapper); the ratio is
the request's time over its queries' time (1.0 would be a page that costs only its SQL). Prints
p50 and p95 of both and the queries per page, and writes bench/results/lists-<backend>.json.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import national  # noqa: E402

RESULTS = ROOT / "bench" / "results"
DEEP_FRACTION = 0.5
PER_PAGE = 50


def pct(times, p):
    if len(times) == 1:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[p - 1]


class SqlTimer:
    """The time spent in the database driver, query by query."""

    def __init__(self):
        self.seconds, self.queries = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - t0
            self.queries += 1


def bench_user(username, area, role):
    from antq.accounts.models import RoleAssignment, User

    user, _new = User.objects.get_or_create(username=username)
    RoleAssignment.objects.get_or_create(user=user, area=area, role=role)
    return User.objects.get(pk=user.pk)


def busiest_commune():
    """Today's commune with the most camera sites (its villages' included): the commune user's
    list with the most pages."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from antq.areas.models import Area
    from antq.cameras.models import CameraSite

    communes = Area.objects.filter(level=3, valid_to__isnull=True)
    depth = communes.values_list("depth", flat=True).first()
    top = (
        CameraSite.objects.annotate(unit=Substr("area__path", 1, depth * Area.steplen))
        .filter(unit__in=communes.values("path"))
        .values("unit")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit")
        .first()
    )
    return Area.objects.get(path=top["unit"])


def deep_query(user, rows):
    """The query string of the page DEEP_FRACTION into the list of `rows` records."""
    number = max(2, int(rows * DEEP_FRACTION) // PER_PAGE + 1)
    try:
        from antq.core import paging
    except ImportError:  # a tree whose lists page by number only
        return {"page": number}, number
    from django.db.models import F

    from antq.cameras.selectors import camerasite_list

    queryset = camerasite_list(user)
    keys = paging.order_keys(queryset)
    ordered = queryset.annotate(**{k.alias: F(k.name) for k in keys}).order_by(
        *[k.order() for k in keys]
    )
    before = ordered[(number - 1) * PER_PAGE - 1]  # the last row of the page before
    return {"page_after": paging._encode(keys, number, before)}, number


def measure(client, url, params, repeat):
    from django.db import connection

    client.get(url, params)  # warm-up
    total, sql, queries = [], [], 0
    for _ in range(repeat):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            t0 = time.perf_counter()
            response = client.get(url, params)
            elapsed = time.perf_counter() - t0
        assert response.status_code == 200, response.status_code
        assert b"<tbody" in response.content
        total.append(elapsed * 1000)
        sql.append(timer.seconds * 1000)
        queries = timer.queries
    ratios = [t / s for t, s in zip(total, sql, strict=True)]
    return {
        "p50_ms": round(pct(total, 50), 2),
        "p95_ms": round(pct(total, 95), 2),
        "sql_p50_ms": round(pct(sql, 50), 2),
        "sql_p95_ms": round(pct(sql, 95), 2),
        "ratio_to_sql_p50": round(statistics.median(ratios), 2),
        "queries": queries,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--output", help="default: bench/results/lists-<backend>.json")
    args = ap.parse_args()

    counts, _load_s, _rollup_s = national.prepare(args.backend, args.scale, args.seed)
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from antq.areas.models import Area
    from antq.cameras.models import CameraSite

    setup_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    country = Area.objects.get(depth=1, level=0)
    commune = busiest_commune()
    users = {
        "national": bench_user("bench-lists-national", country, "approver"),
        "commune": bench_user("bench-lists-commune", commune, "editor"),
    }
    from django.urls import reverse

    url = reverse("cameras:camerasite-list")
    cases = []
    print(f"\n{CameraSite.objects.count():,} camera sites; commune {commune.name}")
    for who, user in users.items():
        client = Client(headers={"Accept-Language": "vi"})
        client.force_login(user)
        rows = CameraSite.objects.visible_to(user).count()
        deep_params, deep_number = deep_query(user, rows)
        for name, params, number in (("page_1", {}, 1), ("deep_page", deep_params, deep_number)):
            row = {"name": f"{who}_{name}", "user": who, "rows": rows, "page": number}
            row |= measure(client, url, params, args.repeat)
            cases.append(row)
            print(
                f"  {row['name']:<20} page {number:>5,} of {rows:>9,} rows: "
                f"p50 {row['p50_ms']:8.1f} ms (SQL {row['sql_p50_ms']:7.1f} ms, "
                f"{row['queries']} queries), ratio to SQL {row['ratio_to_sql_p50']:.2f}"
            )
    result = {
        "backend": args.backend,
        "scale": args.scale,
        "seed": args.seed,
        "records": national.record_count(counts),
        "camera_sites": CameraSite.objects.count(),
        "commune": commune.name,
        "repeat": args.repeat,
        "cases": cases,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = Path(args.output) if args.output else RESULTS / f"lists-{args.backend}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
