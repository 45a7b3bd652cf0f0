"""Building the rollup from the records (`rebuild`, run by the worker after `migrate`, and by
`antq rollup`), and proving it equals a recomputation (`check`)."""

import itertools
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, models, transaction

from antq.areas.models import Area
from antq.core.copying import copy_into
from antq.indicators.models import (
    Cell,
    CellShadow,
    OwnCell,
    OwnCellShadow,
    PendingDelta,
    RollupState,
)
from antq.indicators.registry import REGISTRY
from antq.indicators.rollup.contributions import (
    MONTH,
    STEP,
    YEAR,
    by_path,
    chunks,
    contribution_rows,
    own_contributions,
    raw_keys,
    subtree_deltas,
    with_presence,
)
from antq.indicators.rollup.pending import REBUILD_LOCK, folded, lock, table
from antq.indicators.rollup.plans import plans, supported
from antq.indicators.rollup.state import fingerprint, forget_fresh, fresh_keys, supported_keys


def _insert(model, columns, rows):
    """Bulk insert of plain rows: COPY on PostgreSQL, executemany elsewhere."""
    if connection.vendor == "postgresql":
        copy_into(model._meta.db_table, columns, rows)
        return
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 10000:
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", batch)


def rebuild(keys=None, progress=None):
    """Recompute the rollup of `keys` (default: all) from the records, without making a writer
    wait: the cells are built from one snapshot of the records into the shadow tables, then
    swapped in under the fold lock in a short transaction. The deltas pending when the snapshot
    was taken are in it, and are dropped; those written since stay pending, and the fold adds
    them to the new cells (it leaves the keys being rebuilt alone meanwhile)."""
    keys = set(keys) if keys is not None else set(supported_keys())
    keys = {k for k in keys if supported(REGISTRY[k])}
    if not keys:
        return 0
    say = progress or (lambda msg: None)
    raw = set().union(*(raw_keys(plan, keys) for plan in plans().values()))
    postgres = connection.vendor == "postgresql"
    # inside a caller's transaction (a test's), that transaction is the snapshot
    own_snapshot = postgres and not connection.in_atomic_block
    with _rebuild_lock():
        with transaction.atomic():
            for key in sorted(keys):
                RollupState.objects.get_or_create(key=key, defaults={"fingerprint": ""})
            RollupState.objects.filter(key__in=keys).update(rebuilding=True)
        try:
            if postgres:  # a fold begun before the mark has ended: from now on none folds them
                with transaction.atomic():
                    lock()
            with transaction.atomic():
                if own_snapshot:
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                seen = list(
                    PendingDelta.objects.filter(key__in=keys | raw).values_list("pk", flat=True)
                )
                _build_shadow(keys, say)
            say(f"snapshot built, {len(seen)} pending deltas in it")
            with transaction.atomic():
                lock()
                _swap(keys, raw, seen)
        finally:  # built, or failed: the fold takes the keys' deltas again
            RollupState.objects.filter(key__in=keys, rebuilding=True).update(rebuilding=False)
        if postgres:  # the planner needs the new sizes at once
            with connection.cursor() as cursor:
                for model in (Cell, OwnCell):
                    cursor.execute(f"ANALYZE {table(model)}")
    forget_fresh()
    say(f"rollup: {len(keys)} indicators built")
    return len(keys)


@contextmanager
def _rebuild_lock():
    """One rebuild at a time (they share the shadow tables): a session lock on PostgreSQL."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [REBUILD_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])


def _empty_shadows():
    """TRUNCATE on PostgreSQL: no dead rows left behind (only a rebuild uses the shadows)."""
    with connection.cursor() as cursor:
        for model in (CellShadow, OwnCellShadow):
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {table(model)}")
            else:
                cursor.execute(f"DELETE FROM {table(model)}")


def _build_shadow(keys, say):
    cell, own = table(CellShadow), table(OwnCellShadow)
    _empty_shadows()
    for model, plan in plans().items():
        mine = keys & set(plan.keys)
        if not mine:
            continue
        rows = with_presence(own_contributions(plan, mine))
        columns = ("path", "key", "bucket", "value")
        _insert(OwnCellShadow, columns, ((*k, v) for k, v in rows.items()))
        say(f"{model._meta.label}: {len(rows)} cells")
    depth = Area.objects.aggregate(m=models.Max("depth"))["m"] or 0
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        for d in range(1, depth + 1):
            n = d * STEP
            cursor.execute(
                f"INSERT INTO {cell} (path, parent, key, grain, bucket, value) "
                f"SELECT p, substr(p, 1, {n - STEP}), key, {MONTH}, bucket, v FROM ("
                f"SELECT substr(path, 1, {n}) AS p, key, bucket, SUM(value) AS v FROM {own} "
                f"WHERE key IN ({marks}) AND length(path) >= {n} "
                f"GROUP BY substr(path, 1, {n}), key, bucket) AS t",
                sorted(keys),
            )
        say(f"subtree totals by month, {depth} levels")
        cursor.execute(
            f"INSERT INTO {cell} (path, parent, key, grain, bucket, value) "
            f"SELECT path, parent, key, {YEAR}, (bucket / 100) * 100, SUM(value) FROM {cell} "
            f"WHERE grain = {MONTH} GROUP BY path, parent, key, (bucket / 100) * 100"
        )
        cursor.execute(f"DELETE FROM {cell} WHERE value = 0")


def _swap(keys, raw, seen):
    """Under the fold lock: the shadow's cells in place of the keys' cells, the pending deltas
    the snapshot saw dropped, the keys marked built for their declaration."""
    cols = {
        Cell: "path, parent, key, grain, bucket, value",
        OwnCell: "path, key, bucket, value",
    }
    Cell.objects.filter(key__in=keys)._raw_delete(Cell.objects.db)
    OwnCell.objects.filter(key__in=keys | raw)._raw_delete(OwnCell.objects.db)
    with connection.cursor() as cursor:
        for model, shadow in ((Cell, CellShadow), (OwnCell, OwnCellShadow)):
            cursor.execute(
                f"INSERT INTO {table(model)} ({cols[model]}) "
                f"SELECT {cols[model]} FROM {table(shadow)}"
            )
    for chunk in chunks(seen, 10000):
        PendingDelta.objects.filter(pk__in=chunk)._raw_delete(PendingDelta.objects.db)
    _empty_shadows()
    RollupState.objects.filter(key__in=keys).delete()
    RollupState.objects.bulk_create(
        RollupState(key=k, fingerprint=fingerprint(REGISTRY[k])) for k in sorted(keys)
    )


def check(keys=None, depth=2):
    """Differences between the kept rollup (its cells plus the deltas pending) and a
    recomputation from the records ([] = none), the raw counts of the distinct-area indicators
    included. One record type at a time, read in one snapshot on PostgreSQL (a fold may commit
    meanwhile). Its records' contributions and its kept and pending rows are streamed in the
    order of their paths (server-side cursors on PostgreSQL) and compared one subtree of
    `depth` (a province) at a time, the cells above the subtrees added up across them: memory
    follows one province's cells of one record type, not the tables (depth 0: all at once)."""
    keys = fresh_keys() if keys is None else set(keys) & fresh_keys()
    problems = []
    for plan in plans().values():
        mine = keys & set(plan.keys)
        if mine:
            with _snapshot():
                problems += _check_plan(plan, mine, depth * STEP)
    return problems


@contextmanager
def _snapshot():
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _kept(model, keys, *columns):
    """The model's rows of `keys`, streamed in the order of their path."""
    qs = model.objects.filter(key__in=keys).order_by(by_path("path"))
    return qs.values_list("path", *columns).iterator(chunk_size=20000)


def _parts(size, *streams):
    """The streams (each ordered by its rows' path, first) cut into parts by the path's first
    `size` characters: [(part, [its rows of each stream])], in order. A path shorter than
    `size` (the country's) is a part of its own."""
    grouped = [itertools.groupby(stream, key=lambda row: row[0][:size]) for stream in streams]
    heads = [next(g, None) for g in grouped]
    while any(heads):
        part = min(head[0] for head in heads if head)
        rows = []
        for i, head in enumerate(heads):
            if head and head[0] == part:
                rows.append(list(head[1]))
                heads[i] = next(grouped[i], None)
            else:
                rows.append([])
        yield part, rows


def _check_plan(plan, keys, size):
    raw = raw_keys(plan, keys)
    records = contribution_rows(plan, keys, plan.model._base_manager.all(), ordered=True)
    own = _kept(OwnCell, keys | raw, "key", "bucket", "value")
    pending = _kept(PendingDelta, keys | raw, "key", "bucket", "value")
    cells = _kept(Cell, keys, "parent", "key", "grain", "bucket", "value")
    problems = []
    upper_want, upper_have = defaultdict(int), defaultdict(int)  # the cells above the parts
    for _part, (record_rows, own_rows, pending_rows, cell_rows) in _parts(
        size, records, own, pending, cells
    ):
        expected_own = defaultdict(int)
        for leaf, key, bucket, value in record_rows:
            expected_own[(leaf, key, bucket)] += value
        expected_own = with_presence({c: v for c, v in expected_own.items() if v})
        kept_own = defaultdict(int)
        for p, k, b, v in own_rows:
            kept_own[(p, k, b)] += v
        waiting = defaultdict(int)
        for p, k, b, v in pending_rows:
            waiting[(p, k, b)] += v
        before = defaultdict(dict)
        for (p, k, b), v in kept_own.items():
            if k in raw:
                before[(p, k)][b] = v
        waiting = folded({c: v for c, v in waiting.items() if v}, before)
        for cell, v in waiting.items():
            kept_own[cell] += v
        problems += _differences("own", expected_own, kept_own)
        want, have = defaultdict(int), defaultdict(int)
        for found, into, upper in (
            (subtree_deltas(expected_own), want, upper_want),
            (subtree_deltas(waiting), have, upper_have),
        ):
            for cell, v in found.items():
                (into if len(cell[0]) >= size else upper)[cell] += v
        for p, parent, k, g, b, v in cell_rows:
            (have if len(p) >= size else upper_have)[(p, parent, k, g, b)] += v
        problems += _differences("cell", want, have)
    return problems + _differences("cell", upper_want, upper_have)


def _differences(name, want, have):
    return [
        f"{name} {cell}: kept {have.get(cell, 0)}, records {want.get(cell, 0)}"
        for cell in sorted(want.keys() | have.keys())
        if want.get(cell, 0) != have.get(cell, 0)
    ]
