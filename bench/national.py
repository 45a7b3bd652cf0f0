"""A deterministic synthetic national dataset, loaded with bulk inserts (bench only).

    .venv/bin/python bench/national.py --backend postgresql --scale 1.0 [--seed 42]

(into the benchmark's own database, as bench/bench_national.py does before measuring).

`--scale 1.0` is Vietnam: the real area tree (`antq load-areas`: 34 provinces, 3,321 communes,
and the pre-2025 63 provinces, 696 districts, 10,035 communes), about 64,000 generated villages,
and more than 10 million records over five years (January 2022 to November 2026) of every record
type the indicators count. The shapes follow the movement's reports: team members dominate,
camera sites and teams are counted per village, every commune keeps one tally a month (before
1 July 2025 the former communes kept them, after it today's communes), evaluations are one per
subject and year. Smaller scales shrink the villages and the per-commune records in proportion
(tallies, communes' evaluations: that share of the communes, at least one); the tree stays whole.

The rows are written straight into the tables (COPY on PostgreSQL, executemany in large
transactions on SQLite) with explicit ids, valid against every model's constraints and clean()
rules, without history rows; the identity sequences are moved past them afterwards. The same
seed and scale give the same rows. `generate()` works on whatever area tree the database holds
(the smoke test builds a small one); it loads the real tree when there is none.
"""

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_ADMIN_URL = os.environ.get("ANTQ_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = os.environ.get("ANTQ_BENCH_PG_DATABASE", "antq_bench_national")
VAR_DIR = ROOT / "var" / "bench-national"
SQLITE_PATH = VAR_DIR / "antq.sqlite3"

START = date(2022, 1, 1)  # five years of records: January 2022 …
END = date(2026, 11, 30)  # … to November 2026
FIRST_DAY = date(2018, 1, 1)  # stocks (models, teams, cameras …) may be older
REFORM_START = date(2025, 7, 1)
YEARS = range(START.year, END.year + 1)

# national totals at scale 1.0 (per-village figures are per generated village)
VILLAGES = 64_000
PER_VILLAGE = {"models": 2.0, "teams": 5.0, "members_per_team": 12.0, "cameras": 30.0, "fire": 2.0}
PER_COMMUNE_TOTALS = {
    "organisations": 200_000,
    "commune_models": 25_000,
    "tips": 1_660_000,
    "activities": 1_600_000,
    "secured": 166_000,
    "regulations": 10_000,
    "agreements": 33_000,
    "commendations": 83_000,
    "hotspots": 16_000,
}
MARKER_TABLE = "bench_national_marker"
VERSION = 3  # of the generator: a database marked with another version is generated anew


def configure(backend):
    """Point Django at the benchmark's own database (created when missing) and set it up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "antq.settings"
    os.environ["ANTQ_VAR_DIR"] = str(VAR_DIR)
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(
            PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname=%s", [PG_DATABASE]
            ).fetchone()
            if not exists:
                conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


# --- writing ------------------------------------------------------------------------------


class Loader:
    """Writes rows of one table at a time, with progress; COPY or executemany."""

    def __init__(self, progress=print, batch=50_000):
        from django.db import connection

        self.connection = connection
        self.vendor = connection.vendor
        self.progress = progress
        self.batch = batch
        self.counts = {}
        self.now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

    def _adapt(self, value):
        if self.vendor == "sqlite":
            if isinstance(value, datetime):
                return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
            if isinstance(value, date):
                return value.isoformat()
        return value

    def constants(self, model, given):
        """Columns not given, with their defaults (None for nullable, '' for blank text)."""
        cols, values = [], []
        for f in model._meta.concrete_fields:
            if f.column in given or f.primary_key:
                continue
            if f.name in ("created_at", "updated_at") or f.column in ("changed_at",):
                value = self.now
            elif f.has_default():
                value = f.get_default()
                if hasattr(value, "value"):
                    value = value.value
            elif f.null:
                value = None
            elif f.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField"):
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{f.name} needs a value")
            cols.append(f.column)
            values.append(self._adapt(value))
        return cols, tuple(values)

    def write(self, model, columns, rows, label=None):
        """rows: an iterable of tuples for `columns` (id first); returns the number written."""
        table = model._meta.db_table
        const_cols, const = self.constants(model, set(columns))
        all_cols = [*columns, *const_cols]
        label = label or table
        t0 = time.perf_counter()
        n = 0
        if self.vendor == "postgresql":
            cur = self.connection.connection.cursor()
            stmt = f"COPY {table} ({', '.join(all_cols)}) FROM STDIN"
            with cur.copy(stmt) as copy:
                for row in rows:
                    copy.write_row(row + const)
                    n += 1
                    if n % 500_000 == 0:
                        self._tick(label, n, t0)
        else:
            marks = ", ".join("?" * len(all_cols))
            stmt = f"INSERT INTO {table} ({', '.join(all_cols)}) VALUES ({marks})"
            cur = self.connection.connection.cursor()
            adapt = self._adapt
            buf = []
            for row in rows:
                buf.append(tuple(adapt(v) for v in row) + const)
                if len(buf) >= self.batch:
                    cur.executemany(stmt, buf)
                    n += len(buf)
                    buf = []
                    if n % 500_000 < self.batch:
                        self._tick(label, n, t0)
            if buf:
                cur.executemany(stmt, buf)
                n += len(buf)
        seconds = time.perf_counter() - t0
        self.counts[label] = self.counts.get(label, 0) + n
        self.progress(
            f"  {label:<34}{n:>12,} rows {seconds:>8.1f} s {n / max(seconds, 1e-9):>12,.0f} rows/s"
        )
        return n

    def _tick(self, label, n, t0):
        seconds = time.perf_counter() - t0
        self.progress(f"  {label:<34}{n:>12,} rows … {n / max(seconds, 1e-9):>12,.0f} rows/s")

    def next_id(self, model):
        from django.db.models import Max

        return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def reset_sequences(self, models):
        if self.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT follows the largest id inserted
        with self.connection.cursor() as cur:
            for model in models:
                table = model._meta.db_table
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )

    def analyze(self):
        """The planner's statistics and, on PostgreSQL, the visibility map a running server's
        autovacuum keeps (a freshly loaded table has none, so an index-only scan would still
        read every row's page): a dataset measured as it stands in service. VACUUM cannot run
        in a transaction (a test's generated rows): there, the statistics alone."""
        vacuum = self.vendor == "postgresql" and not self.connection.in_atomic_block
        with self.connection.cursor() as cur:
            cur.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


# --- the dataset --------------------------------------------------------------------------


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quang"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam"]
NAMES = [f"{a} {b} {c}" for a in FAMILY for b in MIDDLE for c in GIVEN]
VILLAGE_TYPES = ["thon", "ap", "ban", "to_dan_pho", "khu_pho"]


def _days(first, last):
    n = (last - first).days + 1
    return [first + timedelta(days=i) for i in range(n)]


def _months(first, last):
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = (m + timedelta(days=32)).replace(day=1)
    return out


def _spread(rng, total, buckets):
    """`total` items over `buckets` as evenly as whole numbers allow, in a seeded order."""
    if not buckets:
        return []
    base, extra = divmod(total, len(buckets))
    order = list(range(len(buckets)))
    rng.shuffle(order)
    counts = [base] * len(buckets)
    for i in order[:extra]:
        counts[i] += 1
    return counts


class Tree:
    """The parts of the area tree the generator hangs records on."""

    def __init__(self):
        from antq.areas.choices import AreaLevel
        from antq.areas.models import Area

        rows = list(
            Area.objects.filter(level__in=[AreaLevel.COMMUNE, AreaLevel.VILLAGE])
            .order_by("path")
            .values_list("id", "path", "level", "valid_to", "area_type", "name", "key")
        )
        self.current = [r for r in rows if r[2] == AreaLevel.COMMUNE and r[3] is None]
        self.former = [r for r in rows if r[2] == AreaLevel.COMMUNE and r[3] is not None]
        self.villages = [r for r in rows if r[2] == AreaLevel.VILLAGE]
        self.provinces = list(
            Area.objects.filter(level=AreaLevel.PROVINCE, valid_to__isnull=True)
            .order_by("path")
            .values_list("id", "path", "name")
        )


def ensure_tree(progress=print):
    from antq.areas.models import Area
    from antq.areas.services import areas_load_from_package

    if not Area.objects.exists():
        t0 = time.perf_counter()
        areas_load_from_package()
        progress(f"  area tree loaded from the package in {time.perf_counter() - t0:.1f} s")


def add_villages(loader, rng, scale, tree):
    """~64,000 × scale villages and residential groups under today's communes."""
    from antq.areas.choices import AreaLevel
    from antq.areas.models import Area
    from antq.core.text import fold

    total = round(VILLAGES * scale)
    counts = _spread(rng, total, tree.current)
    next_id = loader.next_id(Area)
    rows, added = [], {}
    for (cid, cpath, _lvl, _vt, ctype, _name, ckey), n in zip(tree.current, counts, strict=True):
        if not n:
            continue
        urban = ctype == "phuong"
        for j in range(1, n + 1):
            kind = "to_dan_pho" if urban else VILLAGE_TYPES[j % 3]
            name = f"{'Tổ dân phố' if urban else 'Thôn'} {j}"
            code = f"V{j:03d}"
            path = Area._get_path(cpath, 4, j)
            rows.append(
                (
                    next_id,
                    path,
                    4,
                    0,
                    code,
                    f"{int(AreaLevel.VILLAGE)}:{ckey}/{code}",
                    name,
                    fold(name),
                    int(AreaLevel.VILLAGE),
                    kind,
                    "bench",
                )
            )
            next_id += 1
        added[cid] = n
    cols = ["id", "path", "depth", "numchild", "code", "key", "name", "name_folded", "level"]
    cols += ["area_type", "source"]
    loader.write(Area, cols, iter(rows), label="villages")
    with loader.connection.cursor() as cur:
        cur.executemany(
            f"UPDATE {Area._meta.db_table} SET numchild = numchild + %s WHERE id = %s",
            [(n, cid) for cid, n in added.items()],
        )
    loader.reset_sequences([Area])


def generate(*, scale=1.0, seed=42, progress=print):
    """Write the dataset into the database Django is configured with; returns {table: rows}."""
    from django.db import transaction

    from antq.evaluations import catalogue

    if scale <= 0:
        raise ValueError("scale must be positive")
    ensure_tree(progress)
    loader = Loader(progress)
    if loader.vendor == "sqlite":
        # the default 2 MB page cache makes the random index inserts of a bulk load crawl
        with loader.connection.cursor() as cur:
            cur.execute("PRAGMA cache_size = -262144")
    with transaction.atomic():
        catalogue.load()
        rng = random.Random(seed)
        tree = Tree()
        if not tree.villages:
            add_villages(loader, rng, scale, tree)
            tree = Tree()
        Generator(loader, rng, scale, tree).run()
    loader.analyze()
    return loader.counts


class Generator:
    def __init__(self, loader, rng, scale, tree):
        self.loader, self.rng, self.scale, self.tree = loader, rng, scale, tree
        self.r = rng.random
        self.days = _days(FIRST_DAY, END)
        self.months = _months(START, END)

    def day(self, first=START, last=END):
        """A seeded day in [first, last]."""
        lo = (first - FIRST_DAY).days
        hi = (last - FIRST_DAY).days
        return self.days[lo + int(self.r() * (hi - lo + 1))]

    def total(self, key):
        return round(PER_COMMUNE_TOTALS[key] * self.scale)

    def communes(self, n):
        """n seeded picks among today's communes (id, path)."""
        cur = self.tree.current
        k = len(cur)
        r = self.r
        return [cur[int(r() * k)] for _ in range(n)]

    def run(self):
        steps = [
            self.organisations,
            self.models,
            self.teams,
            self.cameras,
            self.fire_points,
            self.tips,
            self.tallies,
            self.activities,
            self.secured,
            self.regulations,
            self.agreements,
            self.commendations,
            self.hotspots,
            self.assessments,
            self.classifications,
            self.rural,
        ]
        for step in steps:
            step()

    # each step writes one record type (and the rows that belong to it)

    def organisations(self):
        from antq.registry.models import Organisation

        types = ["agency", "enterprise", "school", "industrial_park", "fatherland_front"]
        types += ["labour_federation", "youth_union", "womens_union", "other"]
        weights = [0.15, 0.35, 0.2, 0.02, 0.05, 0.05, 0.08, 0.05, 0.05]
        start = self.loader.next_id(Organisation)
        picks = self.communes(self.total("organisations"))
        kinds = self.rng.choices(types, weights, k=len(picks))
        self.orgs = []  # (id, area id, type)

        def rows():
            for i, ((aid, *_), kind) in enumerate(zip(picks, kinds, strict=True)):
                oid = start + i
                self.orgs.append((oid, aid, kind))
                yield (oid, aid, f"Đơn vị {oid}", kind, f"Số {i % 300 + 1}")

        self.loader.write(Organisation, ["id", "area_id", "name", "org_type", "address"], rows())
        self.orgs_by_area = {}
        for oid, aid, _k in self.orgs:
            self.orgs_by_area.setdefault(aid, []).append(oid)

    def models(self):
        from antq.movement.models import ModelCategory, ModelStatusChange, MovementModel

        cats = list(ModelCategory.objects.values_list("id", flat=True))
        start = self.loader.next_id(MovementModel)
        r = self.r
        hosts = []
        for v in self.tree.villages:
            n = 1 + int(r() * 2 * (PER_VILLAGE["models"] - 1) + 0.5) if r() < 0.97 else 0
            hosts += [v[0]] * n
        hosts += [c[0] for c in self.communes(self.total("commune_models"))]
        self.model_rows = []
        statuses = ["active", "effective", "effective", "effective", "ineffective", "terminated"]

        def rows():
            for i, aid in enumerate(hosts):
                mid = start + i
                started = self.day(FIRST_DAY, date(2026, 6, 30))
                status = statuses[int(r() * len(statuses))]
                ended = reason = None
                if status == "terminated":
                    ended = self.day(started, END)
                    reason = "Không còn hiệu quả"
                level, recognised = "none", None
                x = r()
                if x < 0.003:
                    level = "ministry"
                elif x < 0.03:
                    level = "province"
                elif x < 0.15:
                    level = "commune"
                if level != "none":
                    recognised = self.day(started, END)
                replicated = start + int(r() * i) if i > 10 and r() < 0.1 else None
                self.model_rows.append((mid, status, started, ended, reason or ""))
                yield (
                    mid,
                    aid,
                    f"Mô hình {mid}",
                    cats[i % len(cats)],
                    started,
                    ended,
                    status,
                    reason or "",
                    level,
                    recognised,
                    replicated,
                )

        cols = ["id", "area_id", "name", "category_id", "started_on", "ended_on", "status"]
        cols += ["status_reason", "recognition_level", "recognised_on", "replicated_from_id"]
        self.loader.write(MovementModel, cols, rows())
        sc_start = self.loader.next_id(ModelStatusChange)
        self.loader.write(
            ModelStatusChange,
            ["id", "model_id", "from_status", "to_status", "changed_on", "reason"],
            (
                (sc_start + i, mid, "", st, ended if st == "terminated" else started, reason)
                for i, (mid, st, started, ended, reason) in enumerate(self.model_rows)
            ),
        )
        self.loader.reset_sequences([MovementModel, ModelStatusChange])
        del self.model_rows

    def teams(self):
        from antq.movement.models import Team, TeamMember

        kinds = ["security_self_governing", "fire_safety_inter_family", "digital_technology"]
        kinds += ["security_protection", "youth_volunteer"]
        r = self.r
        start = self.loader.next_id(Team)
        m_start = self.loader.next_id(TeamMember)
        teams = []  # (team id, established, dissolved)
        per_team = PER_VILLAGE["members_per_team"]

        def team_rows():
            tid = start
            for v in self.tree.villages:
                n = int(r() * 2 * PER_VILLAGE["teams"] + 0.5)
                for k in range(n):
                    est = self.day(FIRST_DAY, END)
                    dissolved = self.day(est, END) if r() < 0.05 else None
                    teams.append((tid, est, dissolved))
                    yield (tid, v[0], f"Tổ {k + 1}", kinds[k % len(kinds)], est, dissolved)
                    tid += 1

        self.loader.write(
            Team,
            ["id", "area_id", "name", "kind", "established_on", "dissolved_on"],
            team_rows(),
        )
        roles = ["leader", "deputy"] + ["member"] * 10
        names = NAMES
        nn = len(names)

        def member_rows():
            mid = m_start
            for tid, est, dissolved in teams:
                n = int(r() * 2 * per_team + 0.5)
                for k in range(n):
                    joined = self.day(est, dissolved or END)
                    left = self.day(joined, END) if r() < 0.08 else None
                    if dissolved and left is None:
                        left = dissolved
                    yield (
                        mid,
                        tid,
                        names[mid % nn],
                        roles[k] if k < len(roles) else "member",
                        f"09{mid % 100_000_000:08d}",
                        joined,
                        left,
                    )
                    mid += 1

        cols = ["id", "team_id", "full_name", "role_in_team", "phone", "joined_on", "left_on"]
        self.loader.write(TeamMember, cols, member_rows())
        self.loader.reset_sequences([Team, TeamMember])

    def cameras(self):
        from antq.cameras.models import CameraSite

        r = self.r
        start = self.loader.next_id(CameraSite)
        owners = ["household"] * 7 + ["agency", "enterprise", "school"]

        def rows():
            cid = start
            for v in self.tree.villages:
                n = int(r() * 2 * PER_VILLAGE["cameras"] + 0.5)
                for _k in range(n):
                    owner = owners[int(r() * 10)] if r() > 0.03 else "commune_system"
                    heads = 1 + int(r() * 4) if owner != "commune_system" else 8 + int(r() * 24)
                    x = r()
                    status = "working" if x < 0.9 else ("broken" if x < 0.96 else "removed")
                    funding, amount = "", None
                    if owner == "commune_system" or r() < 0.1:
                        funding = "socialised" if r() < 0.7 else "state_budget"
                        amount = 2_000_000 * heads
                    installed = self.day(FIRST_DAY, END)
                    yield (
                        cid,
                        v[0],
                        f"Số {cid % 500 + 1}",
                        owner,
                        heads,
                        owner == "commune_system" or r() < 0.25,
                        installed,
                        status,
                        funding,
                        amount,
                        installed + timedelta(days=365),
                    )
                    cid += 1

        cols = ["id", "area_id", "address", "owner_type", "heads", "connected", "installed_on"]
        cols += ["status", "funding_source", "funding_amount", "reconfirm_due_on"]
        self.loader.write(CameraSite, cols, rows())
        self.loader.reset_sequences([CameraSite])

    def fire_points(self):
        from antq.cameras.models import FirePoint

        r = self.r
        start = self.loader.next_id(FirePoint)

        def rows():
            fid = start
            for v in self.tree.villages:
                for _k in range(int(r() * 2 * PER_VILLAGE["fire"] + 0.5)):
                    yield (fid, v[0], f"Điểm chữa cháy {fid}", "1 × bình bột 8 kg")
                    fid += 1

        self.loader.write(FirePoint, ["id", "area_id", "name", "equipment"], rows())
        self.loader.reset_sequences([FirePoint])

    def tips(self):
        from antq.tips.models import CODE_ALPHABET, Tip, TipCategory

        cats = list(TipCategory.objects.values_list("id", flat=True))
        r = self.r
        start = self.loader.next_id(Tip)
        kinds = ["denunciation"] * 6 + ["crime_report"] * 3 + ["prosecution_request"]
        channels = ["in_person", "phone", "letter", "agency_transfer", "press", "online_portal"]
        settled = ["decided_prosecute", "decided_not_prosecute", "transferred_out"]
        settled += ["closed_not_crime"]
        open_ = ["received", "verifying", "extended", "suspended"]
        picks = self.communes(self.total("tips"))
        base = len(CODE_ALPHABET)

        def code(year, n):
            tail = []
            for _ in range(6):
                n, d = divmod(n, base)
                tail.append(CODE_ALPHABET[d])
            return f"TG-{year}-{''.join(tail)}"

        def rows():
            for i, (aid, *_rest) in enumerate(picks):
                tid = start + i
                received = self.day()
                due = received + timedelta(days=20)
                age = (END - received).days
                status = settled[int(r() * 4)] if age > 60 or r() < 0.6 else open_[int(r() * 4)]
                settled_on = settled_due = decided = None
                if status in settled:
                    settled_on = min(received + timedelta(days=int(r() * 30)), END)
                    settled_due = due
                    decided = settled_on
                    due_now = None
                else:
                    due_now = None if status == "suspended" else due
                yield (
                    tid,
                    aid,
                    code(received.year, tid),
                    kinds[int(r() * 10)],
                    channels[int(r() * 6)],
                    cats[i % len(cats)],
                    "Tin báo về việc có dấu hiệu tội phạm",
                    received,
                    aid,
                    status,
                    due_now,
                    settled_on,
                    settled_due,
                    decided,
                )

        cols = ["id", "area_id", "code", "legal_kind", "channel", "category_id", "summary"]
        cols += ["received_on", "received_by_area_id", "status", "due_on", "settled_on"]
        cols += ["settled_due_on", "decided_on"]
        self.loader.write(Tip, cols, rows())
        self.loader.reset_sequences([Tip])

    def tallies(self):
        """One tally a commune and month: the former communes until June 2025, today's after;
        at scale s, that share of the communes keep them."""
        from antq.tallies.models import MonthlyTally

        r = self.r
        start = self.loader.next_id(MonthlyTally)
        former = self.sample(self.tree.former)
        current = self.sample(self.tree.current)
        before = [m for m in self.months if m < REFORM_START]
        after = [m for m in self.months if m >= REFORM_START]

        def counts(x):
            return int(r() * x)

        def rows():
            tid = start
            for group, months in ((former, before), (current, after)):
                big = 3 if group is current else 1
                for c in group:
                    for m in months:
                        reg = counts(6 * big)
                        occ = counts(10 * big)
                        approved = m < date(2026, 10, 1) or r() < 0.5
                        # sent in the first ten days of the next month: some after the due day
                        after_month = (m.replace(day=28) + timedelta(days=4)).replace(day=1)
                        sent = datetime(after_month.year, after_month.month, 1, 2, tzinfo=UTC)
                        sent += timedelta(days=int(r() * 10))
                        yield (
                            tid,
                            c[0],
                            m,
                            reg,
                            reg - counts(reg + 1) // 4,
                            occ,
                            occ - counts(occ + 1) // 8,
                            1 if r() < 0.02 else 0,
                            counts(4 * big),
                            counts(2 * big),
                            counts(4 * big),
                            counts(2),
                            counts(2 * big),
                            1 if r() < 0.05 else 0,
                            counts(3 * big),
                            "approved" if approved else "submitted",
                            sent,
                        )
                        tid += 1

        cols = ["id", "area_id", "month", "criminal_cases_registered", "criminal_cases_clarified"]
        cols += ["social_order_cases_occurred", "social_order_cases_detected"]
        cols += ["criminal_groups_dismantled", "offenders_arrested", "drug_cases"]
        cols += ["drug_law_violators", "persuaded_into_rehabilitation"]
        cols += ["domestic_delegations_secured", "foreign_delegations_secured", "events_secured"]
        cols += ["status", "submitted_at"]
        self.loader.write(MonthlyTally, cols, rows())
        self.loader.reset_sequences([MonthlyTally])

    def activities(self):
        from antq.activities.models import Activity

        r = self.r
        start = self.loader.next_id(Activity)
        kinds = ["outreach"] * 12 + ["dialogue"] * 3 + ["training"] * 2
        kinds += ["preliminary_review", "final_review", "agreement_signing", "other"]
        picks = self.communes(self.total("activities"))
        nk = len(kinds)

        def rows():
            for i, (aid, *_rest) in enumerate(picks):
                kind = kinds[int(r() * nk)] if r() > 0.01 else "festival_day"
                if kind == "festival_day":
                    year = YEARS[int(r() * len(YEARS))]
                    held = date(year, 8, 19)
                else:
                    held = self.day()
                dialogue = kind == "dialogue"
                festival = kind == "festival_day"
                yield (
                    start + i,
                    aid,
                    kind,
                    f"Hoạt động {start + i}",
                    held,
                    20 + int(r() * 80) if not festival else 300 + int(r() * 700),
                    dialogue,
                    dialogue and r() < 0.5,
                    dialogue and r() < 0.5,
                    festival,
                    festival and r() < 0.8,
                )

        cols = ["id", "area_id", "kind", "title", "held_on", "participants", "with_leaders"]
        cols += ["with_employers", "with_workers", "ceremony_held", "festival_held"]
        self.loader.write(Activity, cols, rows())
        self.loader.reset_sequences([Activity])

    def secured(self):
        from antq.activities.models import SecuredEvent

        r = self.r
        start = self.loader.next_id(SecuredEvent)
        kinds = ["domestic_delegation"] * 3 + ["foreign_delegation", "event", "event", "other"]
        picks = self.communes(self.total("secured"))

        def rows():
            for i, (aid, *_rest) in enumerate(picks):
                incident = r() < 0.01
                yield (
                    start + i,
                    aid,
                    self.day(),
                    kinds[int(r() * 7)],
                    f"Sự kiện {start + i}",
                    100 + int(r() * 2000),
                    incident,
                    "Ùn tắc giao thông cục bộ" if incident else "",
                )

        cols = ["id", "area_id", "held_on", "kind", "name", "scale", "incidents_occurred"]
        cols += ["incident_description"]
        self.loader.write(SecuredEvent, cols, rows())
        self.loader.reset_sequences([SecuredEvent])

    def regulations(self):
        from antq.activities.models import CoordinationRegulation

        r = self.r
        start = self.loader.next_id(CoordinationRegulation)
        picks = self.communes(self.total("regulations"))

        def rows():
            for i, (aid, *_rest) in enumerate(picks):
                signed = self.day(FIRST_DAY, END)
                ended = self.day(signed, END) if r() < 0.15 else None
                yield (
                    start + i,
                    aid,
                    f"{start + i}/QCPH",
                    "Quy chế phối hợp bảo vệ an ninh trật tự",
                    signed,
                    signed + timedelta(days=365),
                    ended,
                )

        cols = ["id", "area_id", "number", "title", "signed_on", "review_on", "ended_on"]
        self.loader.write(CoordinationRegulation, cols, rows())
        self.loader.reset_sequences([CoordinationRegulation])

    def agreements(self):
        from antq.honours.models import EmulationAgreement

        start = self.loader.next_id(EmulationAgreement)
        picks = self.communes(self.total("agreements"))

        def rows():
            for i, (aid, *_rest) in enumerate(picks):
                signed = self.day()
                yield (
                    start + i,
                    aid,
                    f"Giao ước thi đua {start + i}",
                    signed,
                    signed,
                    date(signed.year, 12, 31),
                    "Không để xảy ra tội phạm nghiêm trọng",
                )

        cols = ["id", "area_id", "title", "signed_on", "period_from", "period_to", "targets"]
        self.loader.write(EmulationAgreement, cols, rows())
        self.loader.reset_sequences([EmulationAgreement])

    def commendations(self):
        from antq.honours.models import Commendation, CommendationStatusChange, decision_key

        r = self.r
        start = self.loader.next_id(Commendation)
        picks = self.communes(self.total("commendations"))
        forms = ["certificate_of_merit", "certificate_of_commendation", "commemorative_medal"]
        levels = [("commune", "Chủ tịch UBND xã"), ("province", "Chủ tịch UBND tỉnh")]
        levels += [("ministry", "Bộ trưởng Bộ Công an")]
        done = []

        def rows():
            for i, (aid, _p, _l, _v, _t, aname, _k) in enumerate(picks):
                cid = start + i
                period_from = self.day(START, date(2026, 6, 30))
                period_to = min(period_from + timedelta(days=364), END)
                approved = r() < 0.85
                level, authority = levels[int(r() * 3)]
                number = f"{cid}/QĐ-KT" if approved else ""
                decided = self.day(period_from, END) if approved else None
                x = r()
                orgs = self.orgs_by_area.get(aid)
                if x < 0.5:
                    kind, org, name, collective = "individual", None, NAMES[cid % len(NAMES)], ""
                elif x < 0.8 and orgs:
                    org = orgs[cid % len(orgs)]
                    kind, name, collective = "organisation", "", f"Đơn vị {org}"
                else:
                    kind, org, name, collective = "area", None, "", aname
                status = "approved" if approved else "nominated"
                done.append((cid, status, number, decided, authority))
                yield (
                    cid,
                    aid,
                    kind,
                    org,
                    collective,
                    name,
                    "Công an viên" if kind == "individual" else "",
                    forms[int(r() * 3)],
                    level,
                    authority,
                    number,
                    decided,
                    decision_key(level, authority, number) if approved else "",
                    period_from,
                    period_to,
                    "Có thành tích xuất sắc trong phong trào",
                    status,
                )

        cols = ["id", "area_id", "recipient_kind", "recipient_organisation_id", "collective_name"]
        cols += ["recipient_name", "recipient_position", "award_form", "authority_level"]
        cols += ["authority_name", "decision_number", "decision_date", "decision_key"]
        cols += ["period_from", "period_to", "achievement", "status"]
        self.loader.write(Commendation, cols, rows())
        sc = self.loader.next_id(CommendationStatusChange)
        self.loader.write(
            CommendationStatusChange,
            ["id", "commendation_id", "from_status", "to_status", "reason"],
            (
                (
                    sc + i,
                    cid,
                    "",
                    status,
                    f"Quyết định {number} ngày {decided:%d/%m/%Y} ({authority})" if number else "",
                )
                for i, (cid, status, number, decided, authority) in enumerate(done)
            ),
        )
        self.loader.reset_sequences([Commendation, CommendationStatusChange])

    def hotspots(self):
        from antq.hotspots.models import Hotspot, HotspotStatusChange

        r = self.r
        start = self.loader.next_id(Hotspot)
        picks = self.communes(self.total("hotspots"))
        kinds = ["land_dispute", "boundary_dispute", "site_clearance", "labour_dispute", "other"]
        done = []

        def rows():
            for i, (aid, *_rest) in enumerate(picks):
                opened = self.day()
                x = r()
                status = "settled" if x < 0.6 else ("being_settled" if x < 0.8 else "monitoring")
                settled = self.day(opened, END) if status == "settled" else None
                done.append((start + i, status, settled or opened))
                title = f"Điểm nóng {start + i}"
                yield (start + i, aid, title, kinds[i % 5], opened, status, settled)

        cols = ["id", "area_id", "title", "kind", "opened_on", "status", "settled_on"]
        self.loader.write(Hotspot, cols, rows())
        sc = self.loader.next_id(HotspotStatusChange)
        self.loader.write(
            HotspotStatusChange,
            ["id", "hotspot_id", "from_status", "to_status", "changed_on"],
            ((sc + i, hid, "", st, day) for i, (hid, st, day) in enumerate(done)),
        )
        self.loader.reset_sequences([Hotspot, HotspotStatusChange])

    def sample(self, items):
        """The scale's share of `items` (at least one), seeded, in their order."""
        if not items:
            return []
        k = max(1, min(len(items), round(self.scale * len(items))))
        return sorted(self.rng.sample(items, k), key=lambda c: c[1])

    def _sampled_communes(self):
        if not hasattr(self, "_sampled"):
            self._sampled = self.sample(self.tree.current)
        return self._sampled

    def assessments(self):
        """One assessment a subject and year: every village (residential), the sampled
        communes, and 60 % of the agencies, enterprises and schools; recognised ones carry the
        province's decision of that year."""
        from antq.evaluations import windows
        from antq.evaluations.models import Assessment, CriteriaSet, RecognitionDecision

        r = self.r
        sets = dict(CriteriaSet.objects.values_list("subject_kind", "id"))
        prov_of = {}
        for pid, ppath, _name in self.tree.provinces:
            prov_of[ppath] = pid
        d_start = self.loader.next_id(RecognitionDecision)
        decisions = {}
        d_rows = []

        def decision(ppath, kind, year):
            key = (ppath[:8], kind, year)
            if key not in decisions:
                w = windows.window(kind, year)
                day = min(w.end + timedelta(days=10), END)
                did = d_start + len(decisions)
                decisions[key] = did
                d_rows.append((did, prov_of[ppath[:8]], f"{did}/QĐ-UBND", day, day.year))
            return decisions[key]

        eligible = {"agency": "agency", "enterprise": "agency", "industrial_park": "agency"}
        eligible["school"] = "school"
        area_path = {c[0]: c[1] for c in self.tree.current}
        subjects = [(v[0], v[1], None, "residential") for v in self.tree.villages]
        subjects += [(c[0], c[1], None, "commune") for c in self._sampled_communes()]
        for oid, aid, kind in self.orgs:
            if kind in eligible and r() < 0.6:
                subjects.append((aid, area_path[aid], oid, eligible[kind]))
        start = self.loader.next_id(Assessment)
        with_decision = []

        def rows():
            aid_ = start
            for year in YEARS:
                for area_id, path, org, kind in subjects:
                    w = windows.window(kind, year)
                    x = r()
                    status = "recognised" if x < 0.7 else ("assessed" if x < 0.93 else "draft")
                    meets = None if status == "draft" else (status == "recognised" or r() < 0.5)
                    dec = decision(path, kind, year) if status == "recognised" else None
                    if dec:
                        with_decision.append(aid_)
                    yield (
                        aid_,
                        area_id,
                        kind,
                        org,
                        year,
                        sets[kind],
                        w.start,
                        w.end,
                        None if status == "draft" else w.end,
                        status,
                        meets,
                        dec,
                    )
                    aid_ += 1

        cols = ["id", "area_id", "subject_kind", "organisation_id", "year", "criteria_set_id"]
        cols += ["window_start", "window_end", "assessed_on", "status", "meets_standard"]
        cols += ["decision_id"]
        # decisions first (the assessments point at them): build them in a first pass
        all_rows = list(rows())
        self.loader.write(
            RecognitionDecision,
            ["id", "authority_id", "number", "decided_on", "decided_year"],
            iter(d_rows),
        )
        self.loader.write(Assessment, cols, iter(all_rows))
        del all_rows
        self.loader.reset_sequences([Assessment, RecognitionDecision])

    def classifications(self):
        from antq.evaluations import windows
        from antq.evaluations.models import Classification, ClassificationScheme

        r = self.r
        schemes = {
            kind: (sid, ex, good, avg)
            for kind, sid, ex, good, avg in ClassificationScheme.objects.filter(
                area__isnull=True
            ).values_list("unit_kind", "id", "excellent_min", "good_min", "average_min")
        }
        units = [(v[0], "residential") for v in self.tree.villages]
        units += [(c[0], "commune") for c in self._sampled_communes()]
        start = self.loader.next_id(Classification)

        def cls(points, ex, good, avg):
            if points >= ex:
                return "excellent"
            if points >= good:
                return "good"
            return "average" if points >= avg else "weak"

        def rows():
            cid = start
            for year in YEARS:
                for area_id, kind in units:
                    sid, ex, good, avg = schemes[kind]
                    points = min(100, int(40 + r() * 62))
                    yield (
                        cid,
                        area_id,
                        kind,
                        year,
                        sid,
                        points,
                        cls(points, ex, good, avg),
                        windows.window(kind, year).end,
                    )
                    cid += 1

        cols = ["id", "area_id", "unit_kind", "year", "scheme_id", "points", "movement_class"]
        cols += ["period_end"]
        self.loader.write(Classification, cols, rows())
        self.loader.reset_sequences([Classification])

    def rural(self):
        from antq.evaluations.models import RuralAssessment, RuralCriterionSet

        r = self.r
        set_id = RuralCriterionSet.objects.filter(area__isnull=True).values_list("id", flat=True)[0]
        communes = [c for c in self._sampled_communes() if c[4] == "xa"]
        start = self.loader.next_id(RuralAssessment)

        def rows():
            rid = start
            for year in YEARS:
                for c in communes:
                    yield (
                        rid,
                        c[0],
                        year,
                        set_id,
                        min(date(year, 12, 15), END),
                        r() < 0.88,
                        date(year, 12, 31),
                    )
                    rid += 1

        cols = ["id", "area_id", "year", "criteria_set_id", "assessed_on", "meets", "period_end"]
        self.loader.write(RuralAssessment, cols, rows())
        self.loader.reset_sequences([RuralAssessment])


# the tables that hold records (status changes, decisions and villages are not counted)
RECORD_LABELS = [
    "registry_organisation",
    "movement_movementmodel",
    "movement_team",
    "movement_teammember",
    "cameras_camerasite",
    "cameras_firepoint",
    "tips_tip",
    "tallies_monthlytally",
    "activities_activity",
    "activities_securedevent",
    "activities_coordinationregulation",
    "honours_emulationagreement",
    "honours_commendation",
    "hotspots_hotspot",
    "evaluations_assessment",
    "evaluations_classification",
    "evaluations_ruralassessment",
]


def record_count(counts):
    return sum(counts.get(label, 0) for label in RECORD_LABELS)


# --- the benchmark database and its marker ------------------------------------------------


def read_marker(backend):
    """The marker of the dataset in the benchmark database, or None."""
    sql = f"SELECT scale, seed, version, counts, load_s, rollup_s FROM {MARKER_TABLE}"
    try:
        if backend == "sqlite":
            if not SQLITE_PATH.exists():
                return None
            conn = sqlite3.connect(SQLITE_PATH)
            try:
                row = conn.execute(sql).fetchone()
            finally:
                conn.close()
        else:
            import psycopg

            url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
            with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
                row = conn.execute(sql).fetchone()
    except Exception:  # no database, or no marker table: nothing to reuse
        return None
    if not row:
        return None
    scale, seed, version, counts, load_s, rollup_s = row
    return {
        "scale": float(scale),
        "seed": int(seed),
        "version": int(version),
        "counts": json.loads(counts),
        "load_s": load_s,
        "rollup_s": rollup_s,
    }


def drop_database(backend):
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def write_marker(scale, seed, counts, load_s, rollup_s):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (scale VARCHAR(20), seed INTEGER,"
            " version INTEGER, counts TEXT, load_s REAL, rollup_s REAL)"
        )
        cur.execute(f"DELETE FROM {MARKER_TABLE}")
        cur.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s, %s, %s, %s)",
            [str(scale), seed, VERSION, json.dumps(counts), load_s, rollup_s],
        )


def rebuild_rollup():
    """Seconds to rebuild the rollup, or None when antq has none (yet)."""
    try:
        from antq.indicators import rollup
    except ImportError:
        return None
    t0 = time.perf_counter()
    rollup.rebuild(progress=lambda line: print(f"  {line} ({time.perf_counter() - t0:.0f} s)"))
    return time.perf_counter() - t0


def prepare(backend, scale, seed, force_rollup=False, rollup=True):
    """The dataset (generated, or the same one kept), its marker and its rollup; `rollup`
    False leaves the rollup unbuilt for a measurement that reads records only (the inbox), and
    a later run that needs it builds it then."""
    marker = read_marker(backend)
    same = (
        marker is not None
        and marker["scale"] == scale
        and marker["seed"] == seed
        and marker["version"] == VERSION
    )
    if not same:
        if marker is not None:
            held = {k: marker[k] for k in ("scale", "seed", "version")}
            print(f"the benchmark database holds another dataset ({held}); generating anew")
        drop_database(backend)
        for old in VAR_DIR.glob(f"csv-{backend}-*"):  # exports of the old data
            shutil.rmtree(old)
    configure(backend)
    from django.core.management import call_command

    os.environ["ANTQ_ROLLUP_ON_MIGRATE"] = "0"  # the rollup is built below, timed
    call_command("migrate", verbosity=0)
    if same:
        print(
            f"reusing the dataset of scale {scale}, seed {seed} "
            f"(loaded in {marker['load_s']:.1f} s)"
        )
        rollup_s = marker["rollup_s"]
        # (the module under another name: `rollup` is the caller's wish here)
        from antq.indicators import rollup as indicator_rollup

        # generated before antq had a rollup, its declarations changed since, or asked
        if rollup and (rollup_s is None or force_rollup or indicator_rollup.stale_keys()):
            rollup_s = rebuild_rollup()
            if rollup_s is not None:
                write_marker(scale, seed, marker["counts"], marker["load_s"], rollup_s)
        if rollup_s is not None:
            print(f"rollup build: {rollup_s:.1f} s")
        return marker["counts"], marker["load_s"], rollup_s
    print(f"generating the national dataset, scale {scale}, seed {seed}, on {backend}")
    t0 = time.perf_counter()
    counts = generate(scale=scale, seed=seed)
    load_s = time.perf_counter() - t0
    records = record_count(counts)
    print(f"load: {records:,} records in {load_s:.1f} s ({records / load_s:,.0f} records/s)")
    rollup_s = rebuild_rollup() if rollup else None
    if rollup_s is not None:
        print(f"rollup build: {rollup_s:.1f} s")
    else:
        print("rollup build: none (not asked for, or antq.indicators.rollup is not there)")
    write_marker(scale, seed, counts, load_s, rollup_s)
    return counts, load_s, rollup_s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    # the benchmark's own preparation: a fresh database (or the same dataset kept), its marker,
    # the rollup
    prepare(args.backend, args.scale, args.seed)


if __name__ == "__main__":
    main()
