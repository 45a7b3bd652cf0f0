"""Load test of the public intake: concurrent citizens submitting reports over HTTP.

    .venv/bin/python bench/bench_portal.py --backend sqlite --n 2000
    .venv/bin/python bench/bench_portal.py --backend postgresql --n 2000

Starts `gunicorn antq.wsgi` on a free 127.0.0.1 port against the benchmark database, with the
portal's rate limits raised for the run: on SQLite var/bench-portal/antq.sqlite3 (migrated, areas
loaded once, tips emptied before each run); on PostgreSQL a database of its own,
`antq_bench_portal`, created (migrated, areas loaded) for the run and dropped after it, through
the admin connection ANTQ_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
A bounded pool of client threads then sends N submissions, each as a citizen does: GET the form
(CSRF cookie and token), POST the report. Only 127.0.0.1 is contacted; the run stops at N
submissions or --max-seconds, whichever comes first.

Reported: submissions per second, HTTP requests per second, p50/p95 latency of the GET and the
POST, and the check the issue asks for: every accepted submission (HTTP 200 with a code) is in the
database afterwards. There is no naive baseline: no other intake exists to compare with. For
scale, the printout gives the cost of hashing one passphrase (the portal's own hasher, see
antq.portal.services.PassphraseHasher) beside Django's default password hasher, which is what
the passphrase cost before. Writes bench/results/portal-<backend>.json.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
VAR_DIR = ROOT / "var" / "bench-portal"
HOST = "127.0.0.1"
PG_ADMIN_URL = os.environ.get("ANTQ_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
CODE_RE = re.compile(rb'data-tip-code="(TG-\d{4}-[A-Z0-9]{6})"')
TOKEN_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
STORIES = [
    "Có người giả danh công an gọi điện yêu cầu chuyển tiền vào tài khoản lạ để 'xác minh'.",
    "Nhóm thanh niên tụ tập đánh bạc ăn tiền ở bãi đất trống cuối thôn vào các buổi tối.",
    "Xe máy để trước cửa nhà bị mất trộm khoảng 2 giờ sáng, khóa cổ bị phá.",
    "Tin nhắn mời đầu tư tiền ảo lợi nhuận cao, đã chuyển 20 triệu đồng nhưng không rút được.",
]


PG_DATABASE = "antq_bench_portal"  # its own database, created and dropped by each run


def _pg_admin():
    import psycopg

    return psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True)


def configure(backend):
    os.environ["DJANGO_SETTINGS_MODULE"] = "antq.settings"
    os.environ["ANTQ_VAR_DIR"] = str(VAR_DIR)
    if backend == "postgresql":
        with _pg_admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def drop_database(backend):
    """Drop the run's PostgreSQL database once its figures are read (SQLite's file stays, with
    the areas loaded, for the next run)."""
    if backend != "postgresql":
        return
    from django.db import connections

    connections.close_all()
    with _pg_admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def prepare():
    """Migrate, load the areas once, empty the tips; return (commune ids, category ids)."""
    from django.core.management import call_command

    from antq.areas.models import Area
    from antq.areas.services import areas_load_from_package
    from antq.portal.selectors import categories_in_use, communes_in_force

    (VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # whitenoise looks for it
    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load_from_package()
    wipe()
    communes = list(communes_in_force().order_by("path").values_list("pk", flat=True))
    return communes, list(categories_in_use().values_list("pk", flat=True))


def wipe():
    """Empty the tables a submission writes (directly: a per-row delete would be slow)."""
    from django.db import connection

    from antq.portal.models import ReporterAccess
    from antq.tips.models import IdentityReveal, Tip, TipAttachment, TipEvent, TipMessage

    models = (TipAttachment, ReporterAccess, IdentityReveal, TipMessage, TipEvent)
    with connection.cursor() as cur:
        for model in (*models, Tip.history.model, Tip):
            cur.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 - fixed names
    shutil.rmtree(VAR_DIR / "tip-attachments", ignore_errors=True)
    shutil.rmtree(VAR_DIR / "cache", ignore_errors=True)
    shutil.rmtree(VAR_DIR / "ratelimit", ignore_errors=True)


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port, workers):
    env = dict(os.environ)
    env.update(
        ANTQ_PORTAL_SUBMIT_RATE="100000000/600",
        ANTQ_PORTAL_FOLLOW_RATE="100000000/600",
        ANTQ_ALLOWED_HOSTS=HOST,
        ANTQ_LOG_LEVEL="ERROR",
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            "antq/gunicorn_conf.py",
            "antq.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited early")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/report/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class Citizen:
    """One client thread's connection and cookies."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        t0 = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            return None, b"", time.perf_counter() - t0
        seconds = time.perf_counter() - t0
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, data, seconds


def submit_one(citizen, rng, communes, categories):
    """GET the form, POST a report; returns (get s, post s, status, code or None)."""
    status, page, get_s = citizen.request("GET", "/report/")
    token = TOKEN_RE.search(page) if status == 200 else None
    if token is None:
        return get_s, None, status, None
    form = {
        "csrfmiddlewaretoken": token.group(1).decode(),
        "category": rng.choice(categories),
        "area": rng.choice(communes),
        "occurred_on": (date.today() - timedelta(days=rng.randint(0, 30))).isoformat(),
        "occurred_place": f"Số {rng.randint(1, 300)} đường {rng.randint(1, 50)}",
        "summary": rng.choice(STORIES),
        "reporter_name": "",
        "reporter_contact": "",
    }
    status, page, post_s = citizen.request(
        "POST",
        "/report/",
        body=urllib.parse.urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    code = CODE_RE.search(page) if status == 200 else None
    return get_s, post_s, status, code.group(1).decode() if code else None


def run_load(port, n, clients, max_seconds, communes, categories):
    lock = threading.Lock()
    issued = [0]
    records = []
    deadline = time.monotonic() + max_seconds

    def worker(seed):
        rng = random.Random(seed)
        citizen = Citizen(port)
        while True:
            with lock:
                if issued[0] >= n or time.monotonic() >= deadline:
                    return
                issued[0] += 1
            citizen.cookies.clear()  # each report from a fresh visitor
            record = submit_one(citizen, rng, communes, categories)
            with lock:
                records.append(record)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for i in range(clients):
            pool.submit(worker, i)
    return records, time.perf_counter() - t0


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def hash_seconds(hasher, samples=5):
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        hasher.encode("ABCDEFGHJKMN", hasher.salt())
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--n", type=int, default=2000, help="submissions to send")
    ap.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    ap.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    ap.add_argument("--max-seconds", type=float, default=1200)
    args = ap.parse_args()
    args.n = max(1, min(args.n, 100_000))
    args.clients = max(1, min(args.clients, 64))
    configure(args.backend)
    from django.db import connection

    from antq.portal.models import ReporterAccess
    from antq.tips.models import Tip

    try:
        communes, categories = prepare()
        connection.close()
        port = free_port()
        server = start_server(port, args.workers)
        try:
            records, wall = run_load(
                port, args.n, args.clients, args.max_seconds, communes, categories
            )
        finally:
            stop_server(server)
        codes = [r[3] for r in records if r[3]]
        stored = Tip.objects.filter(code__in=codes).count()
        portal_tips = Tip.objects.filter(channel="online_portal").count()
        accesses = ReporterAccess.objects.filter(tip__code__in=codes).count()
        database = str(connection.settings_dict["NAME"])
        if args.backend == "sqlite":
            database = str(Path(database).relative_to(ROOT))
    finally:
        drop_database(args.backend)

    statuses = {}
    for r in records:
        statuses[str(r[2])] = statuses.get(str(r[2]), 0) + 1
    gets = [r[0] for r in records]
    posts = [r[1] for r in records if r[1] is not None]
    requests = len(gets) + len(posts)
    from django.contrib.auth.hashers import get_hasher

    from antq.portal.services import PASSPHRASE_HASHER

    per_hash = hash_seconds(PASSPHRASE_HASHER)
    per_default_hash = hash_seconds(get_hasher("default"))
    ms = lambda s: None if s is None else round(s * 1000, 1)  # noqa: E731
    result = {
        "backend": args.backend,
        "database": database,
        "submissions_sent": len(records),
        "submissions_asked": args.n,
        "clients": args.clients,
        "server_workers": args.workers,
        "cpu_count": os.cpu_count(),
        "seconds": round(wall, 2),
        "accepted": len(codes),
        "statuses": statuses,
        "accepted_per_second": round(len(codes) / wall, 2),
        "http_requests_per_second": round(requests / wall, 2),
        "get_ms": {"p50": ms(percentile(gets, 50)), "p95": ms(percentile(gets, 95))},
        "post_ms": {"p50": ms(percentile(posts, 50)), "p95": ms(percentile(posts, 95))},
        "accepted_in_database": stored,
        "portal_tips_in_database": portal_tips,
        "every_accepted_tip_stored": stored == len(codes) and accesses == len(codes),
        "passphrase_hasher": f"{PASSPHRASE_HASHER.algorithm}, {PASSPHRASE_HASHER.iterations:,}",
        "passphrase_hash_ms": ms(per_hash),
        "default_password_hash_ms": ms(per_default_hash),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"portal-{args.backend}.json").write_text(json.dumps(result, indent=2) + "\n")

    print(
        f"\nPublic intake load test, {args.backend}, gunicorn {args.workers} workers, "
        f"{args.clients} clients, {os.cpu_count()} CPUs"
    )
    print(f"{'measure':<36}{'value':>14}")
    rows = [
        ("submissions sent", f"{len(records):,}"),
        ("accepted (200 with a code)", f"{len(codes):,}"),
        ("answers by status", " ".join(f"{k}:{v}" for k, v in sorted(statuses.items()))),
        ("wall seconds", f"{wall:,.1f}"),
        ("accepted submissions / s", f"{result['accepted_per_second']:,}"),
        ("HTTP requests / s (GET + POST)", f"{result['http_requests_per_second']:,}"),
        ("GET form p50 / p95 ms", f"{result['get_ms']['p50']} / {result['get_ms']['p95']}"),
        ("POST report p50 / p95 ms", f"{result['post_ms']['p50']} / {result['post_ms']['p95']}"),
        ("accepted codes found in database", f"{stored:,}"),
        ("portal tips in database", f"{portal_tips:,}"),
        ("one passphrase hash (ms)", f"{result['passphrase_hash_ms']}"),
        ("one default password hash (ms)", f"{result['default_password_hash_ms']}"),
    ]
    for name, value in rows:
        print(f"{name:<36}{value:>14}")
    ceiling = (os.cpu_count() or 1) / per_hash
    print(
        f"hashing alone bounds the intake near {ceiling:,.1f} submissions/s on "
        f"{os.cpu_count()} CPUs; every accepted tip stored: {result['every_accepted_tip_stored']}"
    )
    if not result["every_accepted_tip_stored"]:
        raise SystemExit("an accepted submission is missing from the database")


if __name__ == "__main__":
    main()
