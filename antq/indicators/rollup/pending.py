"""Pending deltas: how a write reaches the cells without touching a shared row.

A write appends its own-cell deltas (after - before, per leaf, key and month) to PendingDelta,
one INSERT, and touches neither OwnCell nor Cell: writers in different areas never wait for
each other on the national and province cells. `fold()` moves what is pending into OwnCell and
every ancestor's Cell, a batch a transaction, under the fold lock (an advisory lock on
PostgreSQL): the worker runs it every few seconds (apps.py), `antq rollup --fold` on demand.
On PostgreSQL the fold is set-based (`_fold_in_sql`: a few statements a batch, the ancestors
found from the leaf paths' prefixes, however many rows a backfill left pending); on SQLite the
rows are summed in Python (`_take`, `_fold`), which gives the same cells.
Reads add the pending rows under the area they read (read.py), in the same statement as the
cells, so the next request sees a write whether it was folded or not.

A count of distinct areas (villages with a model) is pending as its leaf's raw record count
(`<key>#records`); whether the leaf's 1 changes is derived from the leaf's raw counts where
they are added up: at the fold (the only writer of OwnCell) and at a read (`folded`).
"""

from collections import defaultdict

from django.db import connection, transaction

from antq.core.copying import copy_into
from antq.indicators.models import Cell, OwnCell, PendingDelta, RollupState
from antq.indicators.rollup.contributions import (
    MONTH,
    RAW,
    STEP,
    YEAR,
    chunks,
    is_raw,
    presence,
    subtree_deltas,
)

FOLD_LOCK = 0x616E74715F666F6C  # "antq_fol": the advisory lock of the fold and the swap
REBUILD_LOCK = 0x616E74715F726562  # "antq_reb": held by a rebuild for its whole length
BATCH = 20000  # pending rows a transaction of the fold (in Python: SQLite)
SQL_BATCH = 500_000  # the same, folded in the database (PostgreSQL)
COPY_FROM = 200  # rows appended at once from which COPY is used (PostgreSQL)


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


def append(deltas):
    """Append own-cell deltas {(leaf path, key, bucket): value} as pending rows."""
    rows = [(*cell, value) for cell, value in sorted(deltas.items()) if value]
    if not rows:
        return
    if connection.vendor == "postgresql" and len(rows) > COPY_FROM:
        # an import's chunk: COPY takes its thousands of rows some ten times faster
        copy_into(PendingDelta._meta.db_table, ("path", "key", "bucket", "value"), rows)
        return
    size = min(1000, connection.ops.bulk_batch_size(["path", "key", "bucket", "value"], rows))
    with connection.cursor() as cursor:
        for i in range(0, len(rows), size):
            batch = rows[i : i + size]
            cursor.execute(
                f"INSERT INTO {table(PendingDelta)} (path, key, bucket, value) VALUES "
                + ", ".join(["(%s, %s, %s, %s)"] * len(batch)),
                [v for row in batch for v in row],
            )


def folded(deltas, raw_before):
    """Own-cell deltas → the same with, for each raw count that changes, the change of its
    distinct-area indicator's 1 or 0 by month, given the leaves' raw counts before them
    (`raw_before`: {(leaf, raw key): {bucket: value}})."""
    change = defaultdict(dict)
    for (leaf, key, bucket), value in deltas.items():
        if is_raw(key):
            change[(leaf, key)][bucket] = value
    out = dict(deltas)
    for (leaf, key), moved in change.items():
        before = raw_before.get((leaf, key), {})
        after = dict(before)
        for bucket, value in moved.items():
            after[bucket] = after.get(bucket, 0) + value
        old, new = presence(before), presence(after)
        for bucket in old.keys() | new.keys():
            if new.get(bucket, 0) != old.get(bucket, 0):
                cell = (leaf, key.removesuffix(RAW), bucket)
                out[cell] = out.get(cell, 0) + new.get(bucket, 0) - old.get(bucket, 0)
    return {cell: value for cell, value in out.items() if value}


def raw_counts(cells):
    """{(leaf, raw key): {bucket: value}} in OwnCell for the (leaf, raw key) pairs `cells`."""
    out = defaultdict(dict)
    keys = {key for _, key in cells}
    for chunk in chunks({leaf for leaf, _ in cells}):
        rows = OwnCell.objects.filter(path__in=chunk, key__in=keys)
        for path, key, bucket, value in rows.values_list("path", "key", "bucket", "value"):
            if (path, key) in cells:
                out[(path, key)][bucket] = value
    return out


def lock(wait=True):
    """The fold lock, until the transaction ends (PostgreSQL; SQLite writes one at a time).
    False when `wait` is False and another transaction holds it."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FOLD_LOCK])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FOLD_LOCK])
        return cursor.fetchone()[0]


def rebuilding():
    """The keys (raw ones included) whose pending rows wait for a rebuild under way. Marks left
    by a rebuild that died (its session lock gone with it) are cleared."""
    keys = set(RollupState.objects.filter(rebuilding=True).values_list("key", flat=True))
    if keys and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [REBUILD_LOCK])
            if cursor.fetchone()[0]:  # no rebuild runs
                cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])
                RollupState.objects.filter(rebuilding=True).update(rebuilding=False)
                keys = set()
    return keys | {key + RAW for key in keys}


def fold(wait=True, batch=None):
    """Fold every pending delta into OwnCell and Cell, `batch` rows a transaction; the rows of
    indicators being rebuilt stay pending (build.py). Returns how many rows were folded; 0 at
    once when `wait` is False and another fold holds the lock."""
    total = 0
    if batch is None:
        batch = SQL_BATCH if connection.vendor == "postgresql" else BATCH
    while True:
        with transaction.atomic():
            if not lock(wait):
                return total
            if connection.vendor == "postgresql":
                taken = _fold_in_sql(batch, rebuilding())
            else:
                taken, deltas = _take(batch, rebuilding())
                if deltas:
                    _fold(deltas)
        total += taken
        if taken < batch:
            return total


def _take(batch, skip):
    """Delete up to `batch` pending rows (the oldest): (how many, their sums by cell)."""
    pending = table(PendingDelta)
    where, params = "", []
    if skip:
        where = f"WHERE key NOT IN ({', '.join(['%s'] * len(skip))}) "
        params = sorted(skip)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {pending} WHERE id IN (SELECT id FROM {pending} {where}"
            "ORDER BY id LIMIT %s) RETURNING path, key, bucket, value",
            [*params, batch],
        )
        rows = cursor.fetchall()
    out = defaultdict(int)
    for path, key, bucket, value in rows:
        out[(path, key, bucket)] += value
    return len(rows), out


def _fold_in_sql(batch, skip):
    """The fold of up to `batch` pending rows (the oldest) on PostgreSQL, set-based: the rows
    taken and summed by cell into a temporary table in one statement, added to OwnCell in
    another, and to every ancestor's Cell (the leaf path's prefixes, a step at a time; month
    and year grains) in a third, by INSERT … ON CONFLICT. Only the raw counts of distinct-area
    indicators come to Python, whose 1 or 0 by month (`folded`) depends on the leaf's counts
    before them. Returns how many pending rows were taken."""
    pending, own, cell = table(PendingDelta), table(OwnCell), table(Cell)
    where, params = "", []
    if skip:
        where = f"WHERE key NOT IN ({', '.join(['%s'] * len(skip))}) "
        params = sorted(skip)
    with connection.cursor() as cursor:
        # a large batch: no JIT compilation (its cost is fixed, and the temporary table's
        # estimates misjudge it), and room to sort and group in memory
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(
            "CREATE TEMPORARY TABLE antq_fold_own ON COMMIT DROP AS "
            f"SELECT path, key, bucket, value FROM {own} WITH NO DATA"
        )
        cursor.execute(
            f"WITH taken AS (DELETE FROM {pending} WHERE id IN (SELECT id FROM {pending} "
            f"{where}ORDER BY id LIMIT %s) RETURNING path, key, bucket, value), "
            "summed AS (INSERT INTO antq_fold_own (path, key, bucket, value) "
            "SELECT path, key, bucket, sum(value) FROM taken GROUP BY path, key, bucket "
            "HAVING sum(value) <> 0) SELECT count(*) FROM taken",
            [*params, batch],
        )
        taken = cursor.fetchone()[0]
        cursor.execute(
            "SELECT path, key, bucket, value FROM antq_fold_own WHERE right(key, %s) = %s",
            [len(RAW), RAW],
        )
        raw = {(path, key, bucket): value for path, key, bucket, value in cursor.fetchall()}
        if raw:
            # the distinct-area indicators' own 1 or 0 that the raw counts change
            before = raw_counts({(leaf, key) for leaf, key, _ in raw})
            presence_rows = [(*c, v) for c, v in folded(raw, before).items() if not is_raw(c[1])]
            if presence_rows:
                copy_into("antq_fold_own", ("path", "key", "bucket", "value"), presence_rows)
        cursor.execute("ANALYZE antq_fold_own")
        # the cells each row adds to: a leaf's own cell, and each ancestor's month and year
        cursor.execute(
            f"INSERT INTO {own} (path, key, bucket, value) "
            "SELECT path, key, bucket, sum(value) FROM antq_fold_own "
            "GROUP BY path, key, bucket HAVING sum(value) <> 0 ORDER BY path, key, bucket "
            f"ON CONFLICT (path, key, bucket) DO UPDATE SET value = {own}.value + excluded.value"
        )
        # months and years apart, the years summed by leaf before they are carried up; the
        # rows in the unique index's order (fewer pages touched than in random order)
        up = "CROSS JOIN LATERAL generate_series(%s, length(o.path), %s) AS s(n)"
        cursor.execute(
            f"INSERT INTO {cell} (path, parent, key, grain, bucket, value) "
            "SELECT * FROM ("
            f"SELECT left(o.path, s.n) AS p, left(o.path, s.n - %s), o.key, %s AS g, o.bucket "
            f"AS b, sum(o.value) FROM antq_fold_own o {up} WHERE right(o.key, %s) <> %s "
            "GROUP BY 1, 2, 3, 5 HAVING sum(o.value) <> 0 "
            "UNION ALL "
            "SELECT left(o.path, s.n), left(o.path, s.n - %s), o.key, %s, o.bucket, sum(o.value) "
            "FROM (SELECT path, key, bucket / 100 * 100 AS bucket, sum(value) AS value "
            "FROM antq_fold_own WHERE right(key, %s) <> %s GROUP BY 1, 2, 3) o "
            f"{up} GROUP BY 1, 2, 3, 5 HAVING sum(o.value) <> 0"
            ") AS cells ORDER BY p, g, 3, b "
            "ON CONFLICT (path, grain, key, bucket) "
            f"DO UPDATE SET value = {cell}.value + excluded.value",
            [STEP, MONTH, STEP, STEP, len(RAW), RAW] + [STEP, YEAR, len(RAW), RAW, STEP, STEP],
        )
        cursor.execute("SELECT EXISTS (SELECT 1 FROM antq_fold_own WHERE value < 0)")
        if cursor.fetchone()[0]:  # a cell may have come to zero: dropped
            cursor.execute(
                f"DELETE FROM {own} c USING antq_fold_own o WHERE c.path = o.path "
                "AND c.key = o.key AND c.bucket = o.bucket AND c.value = 0"
            )
            cursor.execute(
                f"DELETE FROM {cell} c USING (SELECT DISTINCT left(o.path, s.n) AS path, o.key "
                "FROM antq_fold_own o "
                "CROSS JOIN LATERAL generate_series(%s, length(o.path), %s) AS s(n)) a "
                "WHERE c.path = a.path AND c.key = a.key AND c.value = 0",
                [STEP, STEP],
            )
        cursor.execute("DROP TABLE antq_fold_own")
    return taken


def _fold(deltas):
    raw = {(leaf, key) for leaf, key, _ in deltas if is_raw(key)}
    deltas = folded({c: v for c, v in deltas.items() if v}, raw_counts(raw) if raw else {})
    add(OwnCell, ("path", "key", "bucket"), sorted(deltas.items()))
    add(Cell, ("path", "parent", "key", "grain", "bucket"), sorted(subtree_deltas(deltas).items()))


def add(model, columns, rows):
    """Add `rows` ((*columns), value) to the model's values, dropping the cells come to 0."""
    if not rows:
        return
    name = table(model)
    unique = ("path", "key", "bucket") if model is OwnCell else ("path", "grain", "key", "bucket")
    row_marks = "({})".format(", ".join(["%s"] * (len(columns) + 1)))
    # many rows a statement; the rows are distinct cells, in order, so one statement never
    # upserts a cell twice
    size = min(1000, connection.ops.bulk_batch_size([*columns, "value"], rows))
    if connection.vendor == "postgresql" and len(rows) > size:
        _add_by_copy(name, columns, unique, rows)
    else:
        with connection.cursor() as cursor:
            for i in range(0, len(rows), size):
                batch = rows[i : i + size]
                cursor.execute(
                    f"INSERT INTO {name} ({', '.join(columns)}, value) "
                    f"VALUES {', '.join([row_marks] * len(batch))} "
                    f"ON CONFLICT ({', '.join(unique)}) "
                    f"DO UPDATE SET value = {name}.value + excluded.value",
                    [v for cell, value in batch for v in (*cell, value)],
                )
    if all(value > 0 for _, value in rows):
        return  # only additions: no cell can have come to zero
    keys = {cell[columns.index("key")] for cell, _ in rows}
    for chunk in chunks({cell[0] for cell, _ in rows}):
        model.objects.filter(path__in=chunk, value=0, key__in=keys)._raw_delete(model.objects.db)


def _add_by_copy(name, columns, unique, rows):
    """`add` for many rows (a large import's fold): COPY into a temporary table shaped like the
    cells', then one upsert from it, instead of a statement per thousand rows whose parameters
    cost more to render than the upsert to run."""
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE antq_fold_rows ON COMMIT DROP AS "
            f"SELECT {cols}, value FROM {name} WITH NO DATA"
        )
        with cursor.copy(f"COPY antq_fold_rows ({cols}, value) FROM STDIN") as copy:
            for cell, value in rows:
                copy.write_row((*cell, value))
        cursor.execute(
            f"INSERT INTO {name} ({cols}, value) SELECT {cols}, value FROM antq_fold_rows "
            f"ON CONFLICT ({', '.join(unique)}) DO UPDATE SET value = {name}.value + excluded.value"
        )
        cursor.execute("DROP TABLE antq_fold_rows")


def pending_deltas(keys):
    """{(leaf, key, bucket): value} pending for `keys` (for check())."""
    out = defaultdict(int)
    rows = PendingDelta.objects.filter(key__in=keys).values_list("path", "key", "bucket", "value")
    for path, key, bucket, value in rows.iterator(chunk_size=20000):
        out[(path, key, bucket)] += value
    return {cell: value for cell, value in out.items() if value}
