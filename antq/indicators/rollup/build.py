"""Building the rollup from the records (`rebuild`, run by `migrate` and `antq rollup`), and
proving it equals a recomputation (`check`)."""

from django.db import connection, models, transaction

from antq.areas.models import Area
from antq.indicators.models import Cell, OwnCell, RollupState
from antq.indicators.registry import REGISTRY
from antq.indicators.rollup.contributions import (
    MONTH,
    STEP,
    YEAR,
    own_contributions,
    raw_keys,
    subtree_deltas,
    with_presence,
)
from antq.indicators.rollup.plans import plans, supported
from antq.indicators.rollup.state import fingerprint, forget_fresh, fresh_keys, supported_keys


def _insert(model, columns, rows):
    """Bulk insert of plain rows: COPY on PostgreSQL, executemany elsewhere."""
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 10000:
                    cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", batch)
                    batch = []
            if batch:
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", batch)


def rebuild(keys=None, progress=None):
    """Recompute the rollup of `keys` (default: all) from the records, in one transaction."""
    keys = set(keys) if keys is not None else set(supported_keys())
    keys = {k for k in keys if supported(REGISTRY[k])}
    if not keys:
        return 0
    say = progress or (lambda msg: None)
    cell, own = (connection.ops.quote_name(m._meta.db_table) for m in (Cell, OwnCell))
    with transaction.atomic():
        raw = set().union(*(raw_keys(plan, keys) for plan in plans().values()))
        Cell.objects.filter(key__in=keys)._raw_delete(Cell.objects.db)
        OwnCell.objects.filter(key__in=keys | raw)._raw_delete(OwnCell.objects.db)
        for model, plan in plans().items():
            mine = keys & set(plan.keys)
            if not mine:
                continue
            rows = with_presence(own_contributions(plan, mine))
            _insert(OwnCell, ("path", "key", "bucket", "value"), ((*k, v) for k, v in rows.items()))
            say(f"{model._meta.label}: {len(rows)} cells")
        marks = ", ".join(["%s"] * len(keys))
        depth = Area.objects.aggregate(m=models.Max("depth"))["m"] or 0
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
                f"WHERE grain = {MONTH} AND key IN ({marks}) "
                "GROUP BY path, parent, key, (bucket / 100) * 100",
                sorted(keys),
            )
            cursor.execute(f"DELETE FROM {cell} WHERE value = 0 AND key IN ({marks})", sorted(keys))
            if connection.vendor == "postgresql":  # the planner needs the new sizes at once
                cursor.execute(f"ANALYZE {cell}")
                cursor.execute(f"ANALYZE {own}")
        forget_fresh()
        RollupState.objects.filter(key__in=keys).delete()
        RollupState.objects.bulk_create(
            RollupState(key=k, fingerprint=fingerprint(REGISTRY[k])) for k in sorted(keys)
        )
    say(f"rollup: {len(keys)} indicators built")
    return len(keys)


def check(keys=None):
    """Differences between the kept rollup and a recomputation from the records ([] = none),
    the raw counts of the distinct-area indicators included."""
    keys = fresh_keys() if keys is None else set(keys) & fresh_keys()
    problems = []
    expected_own, raw = {}, set()
    for plan in plans().values():
        expected_own.update(with_presence(own_contributions(plan, keys & set(plan.keys))))
        raw |= raw_keys(plan, keys)
    kept_own = {
        (p, k, b): v
        for p, k, b, v in OwnCell.objects.filter(key__in=keys | raw).values_list(
            "path", "key", "bucket", "value"
        )
    }
    expected = subtree_deltas(expected_own)
    kept = {
        (p, parent, k, g, b): v
        for p, parent, k, g, b, v in Cell.objects.filter(key__in=keys).values_list(
            "path", "parent", "key", "grain", "bucket", "value"
        )
    }
    for name, want, have in (("own", expected_own, kept_own), ("cell", expected, kept)):
        for cell in sorted(want.keys() | have.keys()):
            if want.get(cell, 0) != have.get(cell, 0):
                problems.append(
                    f"{name} {cell}: kept {have.get(cell, 0)}, records {want.get(cell, 0)}"
                )
    return problems
