"""Keeping the rollup current, in the writer's transaction.

A write recomputes the records of the leaf areas it touched from the records themselves and
adds the difference to every ancestor's cells, under a lock on the leaf area. Single saves and
deletions reach here through the receivers (receivers.py); bulk writers, which send no signals
(or one per record), call the public functions below themselves: `records_created` after a
bulk insert, `bulk_change` around a queryset's update or bulk_update, `delete` instead of a
queryset's delete().
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.db.models.deletion import Collector

from antq.areas.models import Area
from antq.indicators.models import Cell, OwnCell
from antq.indicators.rollup.contributions import own_contributions, subtree_deltas
from antq.indicators.rollup.plans import plans, targets, watched_fields
from antq.indicators.rollup.state import fresh_keys

# (model, pk) of the records that `delete()` has read, while it deletes them: their delete
# signals have nothing left to do
_DELETING = ContextVar("antq_rollup_deleting", default=frozenset())


def chunks(items, size=2000):
    items = sorted(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def refresh(plan, paths, keys=None):
    """Recompute the leaf records of the areas at `paths` for `plan`, and carry the difference
    up the tree. Runs in the caller's transaction; the leaf areas are locked (on PostgreSQL,
    FOR NO KEY UPDATE) so that two writers in one area take turns."""
    paths = {p for p in paths if p}
    keys = (fresh_keys() if keys is None else keys) & set(plan.keys)
    if not paths or not keys:
        return
    with transaction.atomic(savepoint=False):
        for chunk in chunks(paths):
            _refresh(plan, chunk, keys)


def _refresh(plan, paths, keys):
    if connection.features.has_select_for_update:
        # FOR NO KEY UPDATE: writers of one leaf take turns, yet another transaction's foreign
        # key to the leaf (FOR KEY SHARE, checked at its commit) does not wait, which would
        # deadlock with that transaction waiting in turn for the ancestors' cells bumped here
        no_key = connection.features.has_select_for_no_key_update
        list(Area.objects.select_for_update(no_key=no_key).filter(path__in=paths).values("pk"))
    new = own_contributions(plan, keys, paths)
    own = OwnCell.objects.filter(path__in=paths, key__in=keys)
    old, ids = {}, {}
    for pk, p, k, b, v in own.values_list("pk", "path", "key", "bucket", "value"):
        old[(p, k, b)], ids[(p, k, b)] = v, pk
    deltas = {
        cell: new.get(cell, 0) - old.get(cell, 0)
        for cell in new.keys() | old.keys()
        if new.get(cell, 0) != old.get(cell, 0)
    }
    if not deltas:
        return
    # only the cells that changed: those that hold a value now, and those that no longer do
    kept = [(*cell, new[cell]) for cell in sorted(deltas) if new.get(cell)]
    gone = [ids[cell] for cell in deltas if not new.get(cell)]
    table = connection.ops.quote_name(OwnCell._meta.db_table)
    with connection.cursor() as cursor:
        if kept:
            cursor.executemany(
                f"INSERT INTO {table} (path, key, bucket, value) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (path, key, bucket) DO UPDATE SET value = excluded.value",
                kept,
            )
    if gone:
        OwnCell.objects.filter(pk__in=gone)._raw_delete(OwnCell.objects.db)
    _add_to_cells(subtree_deltas(deltas))


def _add_to_cells(cells):
    if not cells:
        return
    table = connection.ops.quote_name(Cell._meta.db_table)
    rows = [(p, parent, k, g, b, v) for (p, parent, k, g, b), v in sorted(cells.items())]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (path, parent, key, grain, bucket, value) "
            "VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (path, grain, key, bucket) "
            f"DO UPDATE SET value = {table}.value + excluded.value",
            rows,
        )
    if all(r[5] > 0 for r in rows):
        return  # only additions: no cell can have come to zero
    keys = {r[2] for r in rows}
    for chunk in chunks({r[0] for r in rows}):
        Cell.objects.filter(path__in=chunk, value=0, key__in=keys)._raw_delete(Cell.objects.db)


def leaf_paths(model, leaf, pk_lookup, pks):
    out = set()
    for chunk in chunks(pks):
        rows = model._base_manager.filter(**{f"{pk_lookup}__in": chunk})
        out.update(rows.values_list(leaf, flat=True).distinct())
    return out


def leaves_of(plan, objs):
    """The leaf paths of records in hand: read through the relations already loaded on them
    (a form or a service has the area in hand), from the database for the others."""
    *hops, last = plan.leaf.split("__")
    out, missing = set(), {}  # {(foreign key, lookup from its target): keys}
    for obj in objs:
        node = obj
        for i, name in enumerate(hops):
            field = node._meta.get_field(name)
            if not field.is_cached(node):
                if getattr(node, field.attname) is not None:
                    rest = "__".join([*hops[i + 1 :], last])
                    missing.setdefault((field, rest), set()).add(getattr(node, field.attname))
                node = None
                break
            node = field.get_cached_value(node)
            if node is None:
                break
        if node is not None:
            out.add(getattr(node, last))
    for (field, rest), keys in missing.items():
        out |= leaf_paths(field.related_model, rest, "pk", keys)
    return out


def capture(model, pks, changed_fields=None):
    """Before a change of `model` records: [(plan, relation, the leaves they are in now)]."""
    return [
        (plan, rel, leaf_paths(plan.model, plan.leaf, rel, pks))
        for plan, rel in targets(model, changed_fields)
    ]


def refresh_captured(captured, pks, keys=None):
    """After the change: refresh the leaves the records were in and those they are in now."""
    keys = fresh_keys() if keys is None else keys
    for plan, rel, before in captured:
        after = leaf_paths(plan.model, plan.leaf, rel, pks)
        refresh(plan, before | after, keys)


def locked(qs, no_key=False):
    """The record rows locked until the end of the transaction (on PostgreSQL), as its UPDATE or
    DELETE would lock them a moment later: the leaves read before the write are then still the
    record's when it is written, not those of a version another transaction has since moved."""
    if not (connection.features.has_select_for_update and connection.in_atomic_block):
        return qs
    return qs.select_for_update(no_key=no_key and connection.features.has_select_for_no_key_update)


def records_created(model, objs):
    """After a bulk insert of `objs` (bulk_create sends no signals): their figures."""
    plan = plans().get(model)
    if plan and objs:
        refresh(plan, leaves_of(plan, objs))


@contextmanager
def bulk_change(queryset, fields):
    """Around a queryset's update() or a bulk_update() of `fields` of the records of
    `queryset` (which send no signals): the leaves they are in before and after."""
    model = queryset.model
    names = {model._meta.get_field(name).name for name in fields}
    if not names & watched_fields(model):
        yield
        return
    with transaction.atomic(using=queryset.db, savepoint=False):
        pks = list(locked(queryset, no_key=True).values_list("pk", flat=True))
        captured = capture(model, pks, names)
        yield
        refresh_captured(captured, pks)


def delete(queryset):
    """`queryset.delete()`, with the rollup kept once for the whole deletion: the leaves of
    every record it deletes (cascades included) are read a few statements per record type
    before, and refreshed once after, instead of a dozen statements a record. Records that the
    queryset's own delete() adds (a tree node's descendants) are kept one by one, by the
    receivers."""
    with transaction.atomic(using=queryset.db, savepoint=False):
        collector = Collector(using=queryset.db, origin=queryset)
        collector.collect(queryset)
        pending, read = {}, set()  # {(plan model, rel): [plan, leaves before, pks]}
        for model, instances in collector.data.items():
            found = targets(model)
            pks = {obj.pk for obj in instances}
            if not found or not pks:
                continue
            for chunk in chunks(pks):
                list(locked(model._base_manager.filter(pk__in=chunk)).values("pk"))
            for plan, rel in found:
                entry = pending.setdefault((plan.model, rel), [plan, set(), set()])
                entry[1] |= leaf_paths(plan.model, plan.leaf, rel, pks)
                entry[2] |= pks
            read |= {(model, pk) for pk in pks}
        token = _DELETING.set(frozenset(read))
        try:
            deleted = queryset.delete()
        finally:
            _DELETING.reset(token)
        keys = fresh_keys()
        for (_model, rel), (plan, before, pks) in pending.items():
            refresh(plan, before | leaf_paths(plan.model, plan.leaf, rel, pks), keys)
    return deleted


def read_by_delete(model, pk):
    """Has `delete()` read this record's leaves, as part of the deletion under way?"""
    return (model, pk) in _DELETING.get()
