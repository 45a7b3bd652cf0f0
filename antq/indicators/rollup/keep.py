"""Keeping the rollup current, in the writer's transaction.

A write applies its own records' contributions: before it, the contributions of the records it
can move are read (the record itself, or the plan's records related to it, found by pk); after
it, they are read again, and the difference is appended as pending deltas (pending.py), which a
short job folds into OwnCell and every ancestor's cells. Its cost follows what it writes, not
what its leaf area already holds, and it touches no row another writer needs.

Every path goes through `capture` and `release`: the receivers (receivers.py) for single saves
and deletions; bulk writers, which send no signals (or one per record), through the public
functions below: `records_created` after an insert (the records' contributions evaluated from
the instances, memory.py, not read back), `bulk_change` around a queryset's
update or bulk_update, `delete` instead of a queryset's delete().
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, partial

from django.db import connection, transaction
from django.db.models.deletion import Collector

from antq.core import batches
from antq.indicators.rollup.contributions import (
    append_contributions,
    chunks,
    own_contributions,
    pk_runs,
)
from antq.indicators.rollup.memory import compile_plan, created_contributions, read_related
from antq.indicators.rollup.pending import append
from antq.indicators.rollup.pending import table as _table
from antq.indicators.rollup.plans import dependencies, plans, targets, watched_fields
from antq.indicators.rollup.state import supported_keys

# (model, pk) of the records that `delete()` has read, while it deletes them: their delete
# signals have nothing left to do
_DELETING = ContextVar("antq_rollup_deleting", default=frozenset())

# {(plan model, pk): the capture holding that record's "before"} while its write is under way.
# A record is read once however many captures reach it (a model and its replica deleted
# together: both pre_delete signals fire before the shared batch delete), and its difference
# is applied once, when the last of them is released, after every row of the write is gone.
_PENDING = ContextVar("antq_rollup_pending", default=None)


@dataclass(eq=False)
class Capture:
    """The records of one plan read before a write, and what they contributed."""

    plan: object
    keys: set
    pks: set
    before: dict
    gone: set = field(default_factory=set)  # deleted by the write: nothing to read after it
    holders: int = 1
    # the savepoints open when it was read: once one of them is gone (rolled back, the write
    # failed between its signals), the capture is left behind and a later write reads again
    savepoints: tuple = field(default_factory=lambda: tuple(connection.savepoint_ids))

    def alive(self):
        return tuple(connection.savepoint_ids[: len(self.savepoints)]) == self.savepoints


def _pending():
    pending = _PENDING.get()
    if pending is None or not connection.in_atomic_block:
        # outside a transaction nothing else can be under way: what is left came from a write
        # that failed between its signals
        pending = {}
        _PENDING.set(pending)
    return pending


def plan_pks(model, plan, rel, pks):
    """The pks of the plan's records reached from `model` records `pks` through `rel`. Through
    a relation, both ends stay locked (on PostgreSQL) until the transaction ends: the `model`
    rows FOR UPDATE, so that a record being created with a foreign key to one (FOR KEY SHARE)
    reads its contributions after this change, not before it while this write leaves it out;
    the plan's records as their own writers lock them, so that they and this write take turns
    between their readings before and after."""
    if rel == "pk":
        return set(pks)
    out = set()
    for chunk in chunks(pks):
        if connection.features.has_select_for_update and connection.in_atomic_block:
            list(model._base_manager.select_for_update().filter(pk__in=chunk).values("pk"))
        qs = locked(plan.model._base_manager.filter(**{f"{rel}__in": chunk}), no_key=True)
        out.update(qs.values_list("pk", flat=True))
    return out


def capture(model, pks, changed_fields=None, gone=False):
    """Before a change (a deletion when `gone`) of `model` records: the captures of the records
    it can move, to `release` after it."""
    # the creations a write batch holds back are applied first: a record created and changed in
    # one import contributes its "before" as created, then the change
    batches.flush()
    keys = supported_keys()
    pending = _pending()
    held = []
    for plan, rel in targets(model, changed_fields):
        mine = keys & set(plan.keys)
        if not mine:
            continue
        new = set()
        for pk in plan_pks(model, plan, rel, pks):
            other = pending.get((plan.model, pk))
            if other is not None and not other.alive():
                other = None
            if other is None:
                new.add(pk)
                continue
            if gone and rel == "pk":
                other.gone.add(pk)
            if all(c is not other for c in held):
                other.holders += 1
                held.append(other)
        if new:
            taken = Capture(plan, mine, new, own_contributions(plan, mine, new))
            if gone and rel == "pk":
                taken.gone = set(new)
            pending.update(((plan.model, pk), taken) for pk in new)
            held.append(taken)
    return held


@cache
def _foreign_keys(model):
    """The plan's own foreign keys its figures depend on."""
    out = []
    for deps in dependencies().values():
        for dep in deps:
            if dep.plan.model is model and dep.rel != "pk":
                fk = model._meta.get_field(dep.rel)
                if fk.many_to_one and fk.concrete:
                    out.append(fk)
    return out


def _share_related(plan, pks):
    """Before reading records' contributions after their write: the rows their foreign keys
    point to, locked FOR KEY SHARE (PostgreSQL), so that the reading waits for a write of
    those rows under way (it holds them FOR UPDATE: `plan_pks`) and sees what it commits. The
    foreign key's own check would come too late: Django's are deferred to the commit."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block or not pks:
        return
    table = connection.ops.quote_name(plan.model._meta.db_table)
    pk = connection.ops.quote_name(plan.model._meta.pk.column)
    with connection.cursor() as cursor:
        for fk in _foreign_keys(plan.model):
            related = connection.ops.quote_name(fk.related_model._meta.db_table)
            target = connection.ops.quote_name(fk.target_field.column)
            column = connection.ops.quote_name(fk.column)
            ranges, singles = pk_runs(pks)
            wheres = [(f"{pk} BETWEEN %s AND %s", list(run)) for run in ranges]
            wheres += [
                (f"{pk} IN ({', '.join(['%s'] * len(chunk))})", chunk) for chunk in chunks(singles)
            ]
            for where, params in wheres:
                cursor.execute(
                    f"SELECT 1 FROM {related} WHERE {target} IN (SELECT {column} FROM {table} "
                    f"WHERE {where}) FOR KEY SHARE",
                    params,
                )


def release(held):
    """After the change: apply the difference of the captures no other write still holds."""
    pending = _pending()
    for taken in held:
        taken.holders -= 1
        if taken.holders:
            continue
        for pk in taken.pks:
            pending.pop((taken.plan.model, pk), None)
        there = taken.pks - taken.gone
        _share_related(taken.plan, there)
        after = own_contributions(taken.plan, taken.keys, there)
        apply(
            {
                cell: after.get(cell, 0) - taken.before.get(cell, 0)
                for cell in after.keys() | taken.before.keys()
            }
        )


def apply(deltas):
    """Append own-cell deltas to the pending deltas (pending.py): no shared row is touched; the
    fold adds them to OwnCell and every ancestor's cells."""
    append({cell: v for cell, v in deltas.items() if v})


def locked(qs, no_key=False):
    """The record rows locked until the end of the transaction (on PostgreSQL), as its UPDATE or
    DELETE would lock them a moment later: the contributions read before the write are then
    still the record's when it is written, not those of a version another transaction has since
    changed."""
    if not (connection.features.has_select_for_update and connection.in_atomic_block):
        return qs
    return qs.select_for_update(no_key=no_key and connection.features.has_select_for_no_key_update)


def records_created(model, objs):
    """After an insert of `objs` (bulk_create sends no signals): their figures. Inside a write
    batch (an import: core/batches.py), once for every record of the model the batch created,
    when it ends: one GROUP BY per period rule over their id ranges, and one pending row per
    leaf, indicator and month for the whole file instead of one per chunk, written by the same
    statement on PostgreSQL (INSERT … SELECT: `append_contributions`)."""
    plan = plans().get(model)
    keys = supported_keys() & set(plan.keys) if plan else set()
    objs = [obj for obj in objs if obj.pk is not None]
    if not (keys and objs):
        return
    if batches.active():
        batches.defer((__name__, model), [obj.pk for obj in objs], partial(_created, model))
        return
    # evaluated from the records in hand (memory.py), their related rows read and locked in
    # the same statements; read back from the database when their declarations or values
    # cannot be evaluated here
    deltas = created_contributions(plan, frozenset(keys), objs)
    if deltas is None:
        pks = {obj.pk for obj in objs}
        _share_related(plan, pks)
        deltas = own_contributions(plan, keys, pks)
    else:
        _share_others(plan, frozenset(keys), objs)
    apply(deltas)


def _created(model, pks):
    """A write batch's records of `model`, once it ends: read back by their id ranges."""
    plan = plans().get(model)
    keys = supported_keys() & set(plan.keys)
    if keys and pks:
        pks = set(pks)
        _share_related(plan, pks)
        if connection.vendor == "postgresql":
            # set-based: the file's deltas go from its records to the pending rows in the
            # database, a statement per period rule, none of them through Python
            append_contributions(plan, keys, pks, pending_table())
            return
        apply(own_contributions(plan, keys, pks))


def pending_table():
    from antq.indicators.models import PendingDelta

    return _table(PendingDelta)


def _share_others(plan, keys, objs):
    """The foreign keys locked by `_share_related` whose rows `created_contributions` did not
    read (it locks those it reads): locked FOR KEY SHARE, on PostgreSQL in a transaction."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    program = compile_plan(plan, keys)
    read = {path.fks[0] for path in program.paths if path.fks} if program else set()
    for fk in _foreign_keys(plan.model):
        if fk not in read:
            read_related(fk, {getattr(obj, fk.attname) for obj in objs})


@contextmanager
def bulk_change(queryset, fields):
    """Around a queryset's update() or a bulk_update() of `fields` of the records of
    `queryset` (which send no signals): their contributions before and after."""
    model = queryset.model
    names = {model._meta.get_field(name).name for name in fields}
    if not names & watched_fields(model):
        yield
        return
    with transaction.atomic(using=queryset.db, savepoint=False):
        pks = list(locked(queryset, no_key=True).values_list("pk", flat=True))
        held = capture(model, pks, names)
        yield
        release(held)


def delete(queryset):
    """`queryset.delete()`, with the rollup kept once for the whole deletion: the contributions
    of every record it deletes or moves (cascades and SET_NULL included) are read a few
    statements per record type before, and those still there after, instead of a dozen
    statements a record. Records that the queryset's own delete() adds (a tree node's
    descendants) are kept one by one, by the receivers."""
    with transaction.atomic(using=queryset.db, savepoint=False):
        collector = Collector(using=queryset.db, origin=queryset)
        collector.collect(queryset)
        held, read = [], set()
        for model, instances in collector.data.items():
            pks = {obj.pk for obj in instances}
            if not targets(model) or not pks:
                continue
            for chunk in chunks(pks):
                list(locked(model._base_manager.filter(pk__in=chunk)).values("pk"))
            held += capture(model, pks, gone=True)
            read |= {(model, pk) for pk in pks}
        token = _DELETING.set(frozenset(read))
        try:
            deleted = queryset.delete()
        finally:
            _DELETING.reset(token)
        release(held)
    return deleted


def read_by_delete(model, pk):
    """Has `delete()` read this record's contributions, as part of the deletion under way?"""
    return (model, pk) in _DELETING.get()
