"""The indicator rollup: every indicator per area and month, kept in the same transaction as
each write, so that a figure at any level is current the moment a record is saved and is read
in a few index lookups however many records lie below.

Two tables (models.py):

- `OwnCell(path, key, bucket, value)`: what the records attached to one area itself (its
  "leaf" records) contribute in a month; bucket = year*100 + month, 0 = "at any date".
- `Cell(path, parent, key, grain, bucket, value)`: the same summed over an area's whole
  subtree, by month (grain 1) and by year (grain 0, bucket = year*100).

A *flow* (tips received) is kept as its value in the month it happened; a *stock* (camera
sites) as deltas: +v in the month a record starts and -v in the month after its last day, so
the stock at the end of month m is the sum of the deltas up to m. A count of distinct areas
(villages with a model) is kept per leaf as 1 while the leaf has a record, so it sums too.

Reads (`read`) serve whole months: a flow over months a..b is the year cells of the whole years
plus the month cells of the rest; a stock at b is the year cells before b's year plus b's
year's months up to b.

Writes: `save()` and `delete()` of a record (and of what its figures depend on through a
foreign key, such as the team of a member) recompute the records of the leaf areas involved
from the records themselves, and add the difference to every ancestor's cells, under a lock
on the leaf area. `bulk_create()` and `update()` do the same through core/writes.py.
`rebuild()` recomputes everything from the records with a GROUP BY per record type;
`check()` compares the tables with a fresh recomputation (the tests run it after every test).

An indicator whose declaration has changed since it was built (see `RollupState`) is computed
from the records directly until `rebuild()` (run by `migrate`) has built it.
"""

import calendar
import hashlib
import threading
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from django.db import connection, models, transaction
from django.db.models import Case, Count, DateField, ExpressionWrapper, F, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear

from antq.areas.models import Area
from antq.core import writes
from antq.indicators.base import FLOW, REGISTRY
from antq.indicators.models import Cell, OwnCell, RollupState

ENGINE_VERSION = 1
WRITES = [0]  # writes to counted record types seen by this process (the tests' check uses it)
YEAR, MONTH = 0, 1
STEP = Area.steplen
AFTER_MAX = 10000 * 100 + 1  # the month after the last representable day's


# --- what each record type's indicators depend on ------------------------------------------


def _lookups(q):
    """Every lookup a Q object uses, including the fields its F() values name."""
    for child in q.children:
        if isinstance(child, Q):
            yield from _lookups(child)
        else:
            lookup, value = child
            yield lookup
            if isinstance(value, F):
                yield value.name


@dataclass
class Plan:
    """How the indicators of one record type are kept."""

    model: type
    leaf: str  # the lookup of the leaf area's path from a record: "path", "area__path", …
    indicators: list = field(default_factory=list)
    fields: set = field(default_factory=set)  # the model's own fields that matter

    @property
    def keys(self):
        return [ind.key for ind in self.indicators]


@dataclass
class Dependency:
    """The records of `plan` whose figures depend on a related model through `rel`."""

    plan: Plan
    rel: str
    fields: set  # the related model's fields that matter; empty: only its deletion does


def supported(ind):
    how, fld = ind.measure
    if how in ("count", "sum"):
        return True
    # distinct areas, where the area is the record's own: 1 per leaf that has a record
    return how == "count_distinct" and ind.path == f"{fld}__path"


def _fingerprint(ind):
    model = ind.resolve_model()
    text = repr(
        (
            ENGINE_VERSION,
            model._meta.label,
            ind.measure,
            str(ind.where),
            ind.date_field,
            ind.end_field,
            ind.kind,
            ind.path,
        )
    )
    return hashlib.sha1(text.encode()).hexdigest()


@cache
def plans():
    """{model: Plan} for every record type with rollup-kept indicators."""
    out = {}
    for ind in REGISTRY.values():
        if not supported(ind):
            continue
        model = ind.resolve_model()
        plan = out.setdefault(model, Plan(model, ind.path))
        if plan.leaf != ind.path:
            raise ValueError(f"{ind.key}: one record type, one area path ({plan.leaf})")
        plan.indicators.append(ind)
    return out


@cache
def dependencies():
    """{related model: [Dependency]} — whose figures change when a related record does."""
    found = defaultdict(dict)
    for model, plan in plans().items():
        for ind in plan.indicators:
            lookups = [*_lookups(ind.where), ind.path, ind.date_field, ind.end_field]
            if ind.measure[1] != "pk":
                lookups.append(ind.measure[1])
            for lookup in filter(None, lookups):
                parts = lookup.split("__")
                if parts[0] == "pk":
                    continue
                first = model._meta.get_field(parts[0])
                plan.fields.add(first.name)
                if not first.is_relation or first.related_model is model and len(parts) == 1:
                    continue
                related = first.related_model
                dep = found[related].setdefault(
                    (model, parts[0]), Dependency(plan, parts[0], set())
                )
                if len(parts) > 1:
                    try:
                        dep.fields.add(related._meta.get_field(parts[1]).name)
                    except Exception:  # a lookup (isnull, in …) on the key itself
                        pass
    return {related: list(deps.values()) for related, deps in found.items()}


_ALL_FRESH = []  # set once every indicator is built: the declarations only change on restart


def fresh_keys():
    """The keys the rollup holds for their current declaration."""
    if _ALL_FRESH:
        return set(_ALL_FRESH[0])
    built = dict(RollupState.objects.values_list("key", "fingerprint"))
    fresh = {key for key, ind in REGISTRY.items() if supported(ind) and built.get(key) == _fp(key)}
    if fresh == _supported_keys():
        _ALL_FRESH.append(frozenset(fresh))
    return fresh


@cache
def _fp(key):
    return _fingerprint(REGISTRY[key])


@cache
def _supported_keys():
    return frozenset(key for key, ind in REGISTRY.items() if supported(ind))


def forget_fresh():
    """After the rollup's state was emptied (a database flushed)."""
    _ALL_FRESH.clear()


def stale_keys():
    forget_fresh()
    return set(_supported_keys()) - fresh_keys()


# --- a leaf's contributions, computed from the records ------------------------------------


def _month(expr):
    return ExtractYear(expr) * 100 + ExtractMonth(expr)


def _measure(ind):
    how, fld = ind.measure
    where = ind.where or None
    if how == "sum":
        return Sum(fld, filter=where)
    return Count("pk", filter=where)


def own_contributions(plan, keys, paths=None):
    """{(leaf path, key, month bucket): value} for the plan's indicators in `keys`, over all its
    records or over those attached to the areas at `paths`. One GROUP BY per period rule."""
    qs = plan.model._base_manager.all()
    if paths is not None:
        qs = qs.filter(**{f"{plan.leaf}__in": sorted(paths)})
    groups = defaultdict(list)
    for ind in plan.indicators:
        if ind.key in keys:
            groups[(ind.kind, ind.date_field, ind.end_field)].append(ind)
    out = defaultdict(int)
    for (kind, df, ef), inds in groups.items():
        aggregates = {f"v{i}": _measure(ind) for i, ind in enumerate(inds)}
        queries = []  # (queryset with _leaf and _b, sign)
        if not df:
            queries.append((qs.annotate(_b=Value(0)), 1))
        elif kind == FLOW:
            queries.append((qs.filter(**{f"{df}__isnull": False}).annotate(_b=_month(F(df))), 1))
        else:
            start = Case(When(**{f"{df}__isnull": True}, then=Value(0)), default=_month(F(df)))
            base = qs.annotate(_s=start)
            if ef:
                after = ExpressionWrapper(F(ef) + timedelta(days=1), output_field=DateField())
                # the day after date.max is month 10000-01 (and overflows on SQLite): say so
                end = Case(When(**{ef: date.max}, then=Value(AFTER_MAX)), default=_month(after))
                # a record that ends before the month it starts in is never counted
                base = base.annotate(_e=end).exclude(**{f"{ef}__isnull": False, "_e__lte": F("_s")})
                queries.append((base.filter(**{f"{ef}__isnull": False}).annotate(_b=F("_e")), -1))
            queries.append((base.annotate(_b=F("_s")), 1))
        for query, sign in queries:
            rows = (
                query.annotate(_leaf=F(plan.leaf))
                .values("_leaf", "_b")
                .annotate(**aggregates)
                .order_by()
                .values_list("_leaf", "_b", *aggregates)
            )
            for leaf, bucket, *values in rows.iterator(chunk_size=20000):
                for ind, value in zip(inds, values, strict=True):
                    if value:
                        out[(leaf, ind.key, int(bucket))] += sign * int(value)
    for ind in plan.indicators:  # distinct areas: 1 while the leaf has a counted record
        if ind.key in keys and ind.measure[0] == "count_distinct":
            _presence(out, ind.key)
    return {k: v for k, v in out.items() if v}


def _presence(out, key):
    by_leaf = defaultdict(list)
    for (leaf, k, bucket), value in list(out.items()):
        if k == key:
            by_leaf[leaf].append((bucket, value))
            del out[(leaf, k, bucket)]
    for leaf, deltas in by_leaf.items():
        running, present = 0, 0
        for bucket, value in sorted(deltas):
            running += value
            now = 1 if running > 0 else 0
            if now != present:
                out[(leaf, key, bucket)] += now - present
                present = now


def _subtree_deltas(own_deltas):
    """Own-cell deltas → {(path, parent, key, grain, bucket): delta} for every ancestor."""
    cells = defaultdict(int)
    for (leaf, key, bucket), delta in own_deltas.items():
        year = bucket // 100 * 100
        for end in range(STEP, len(leaf) + 1, STEP):
            path, parent = leaf[:end], leaf[: end - STEP]
            cells[(path, parent, key, MONTH, bucket)] += delta
            cells[(path, parent, key, YEAR, year)] += delta
    return {k: v for k, v in cells.items() if v}


# --- keeping it --------------------------------------------------------------------------


def _chunks(items, size=2000):
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
        for chunk in _chunks(paths):
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
    old = {(p, k, b): v for p, k, b, v in own.values_list("path", "key", "bucket", "value")}
    deltas = {
        cell: new.get(cell, 0) - old.get(cell, 0)
        for cell in new.keys() | old.keys()
        if new.get(cell, 0) != old.get(cell, 0)
    }
    if not deltas:
        return
    own._raw_delete(OwnCell.objects.db)
    OwnCell.objects.bulk_create(
        OwnCell(path=p, key=k, bucket=b, value=v) for (p, k, b), v in sorted(new.items())
    )
    _add_to_cells(_subtree_deltas(deltas))


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
    keys = {r[2] for r in rows}
    for chunk in _chunks({r[0] for r in rows}):
        Cell.objects.filter(path__in=chunk, value=0, key__in=keys)._raw_delete(Cell.objects.db)


def _leaf_paths(model, leaf, pk_lookup, pks):
    out = set()
    for chunk in _chunks(pks):
        rows = model._base_manager.filter(**{f"{pk_lookup}__in": chunk})
        out.update(rows.values_list(leaf, flat=True).distinct())
    return out


def _targets(model, changed_fields=None):
    """[(plan, relation from the plan's records to `model`)] whose figures a change of
    `changed_fields` of `model` records (None: any change, as a deletion) can move."""
    out = []
    plan = plans().get(model)
    if plan and (changed_fields is None or changed_fields & plan.fields):
        out.append((plan, "pk"))
    for dep in dependencies().get(model, []):
        if dep.plan.model is model and dep.rel == "pk":
            continue
        if changed_fields is None or changed_fields & dep.fields:
            out.append((dep.plan, dep.rel))
    return out


def _capture(model, pks, changed_fields=None):
    return [
        (plan, rel, _leaf_paths(plan.model, plan.leaf, rel, pks))
        for plan, rel in _targets(model, changed_fields)
    ]


def _refresh_captured(captured, pks, keys=None):
    keys = fresh_keys() if keys is None else keys
    for plan, rel, before in captured:
        after = _leaf_paths(plan.model, plan.leaf, rel, pks)
        refresh(plan, before | after, keys)


def _watched_fields(model):
    fields = set()
    plan = plans().get(model)
    if plan:
        fields |= plan.fields
    for dep in dependencies().get(model, []):
        fields |= dep.fields
    return fields


def _changed_fields(instance, watched):
    """The watched fields whose value in the database differs from the instance's."""
    model = type(instance)
    concrete = {f.name: f for f in model._meta.concrete_fields}
    names = [n for n in watched if n in concrete]
    old = _locked(model._base_manager.filter(pk=instance.pk), no_key=True)
    old = old.values(*[concrete[n].attname for n in names]).first()
    if old is None:
        return None
    return {n for n in names if old[concrete[n].attname] != getattr(instance, concrete[n].attname)}


def _locked(qs, no_key=False):
    """The record rows locked until the end of the transaction (on PostgreSQL), as its UPDATE or
    DELETE would lock them a moment later: the leaves read before the write are then still the
    record's when it is written, not those of a version another transaction has since moved."""
    if not (connection.features.has_select_for_update and connection.in_atomic_block):
        return qs
    return qs.select_for_update(no_key=no_key and connection.features.has_select_for_no_key_update)


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or not _watched_fields(sender):
        return
    WRITES[0] += 1
    if instance._state.adding or instance.pk is None:
        instance._antq_rollup = None
        return
    changed = _changed_fields(instance, _watched_fields(sender))
    if changed == set():
        instance._antq_rollup = []
        return
    instance._antq_rollup = _capture(sender, [instance.pk], changed)


def _post_save(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    captured = instance.__dict__.pop("_antq_rollup", None)
    if captured is None:  # created: only its own figures
        plan = plans().get(sender)
        captured = [(plan, "pk", set())] if plan else []
    if captured:
        _refresh_captured(captured, [instance.pk])


def _pre_delete(sender, instance, origin=None, **kwargs):
    WRITES[0] += 1
    if (sender, instance.pk) in _captured_for(origin):
        return  # read with the rest of its deletion, before any of it was deleted
    list(_locked(sender._base_manager.filter(pk=instance.pk)).values("pk"))
    instance._antq_rollup_delete = _capture(sender, [instance.pk])


# In a queryset's deletion: "pending", {(plan model, rel): [plan, leaves before, pks]}, what
# to refresh when it is over; "origins", {id(queryset deleted): {(model, pk) captured}}.
_DELETING = threading.local()


def _captured_for(origin):
    """In a queryset's deletion, the (model, pk) of every record it deletes whose leaves have
    been read, a few statements per record type. Django's Collector sends the pre_delete
    signals of all the records it has gathered before it deletes any: at the first of them the
    same gathering is done again, and the leaves of each record type are read at once, instead
    of a dozen statements a record (a national area table deleted took minutes)."""
    pending = getattr(_DELETING, "pending", None)
    if pending is None or not isinstance(origin, models.QuerySet):
        return ()
    origins = _DELETING.origins
    if id(origin) not in origins:
        from django.db.models.deletion import Collector

        collector = Collector(using=origin.db, origin=origin)
        collector.collect(origin.all())
        done = set()
        for model, instances in collector.data.items():
            targets = _targets(model)
            pks = {obj.pk for obj in instances}
            if not targets or not pks:
                continue
            for chunk in _chunks(pks):
                list(_locked(model._base_manager.filter(pk__in=chunk)).values("pk"))
            for plan, rel in targets:
                entry = pending.setdefault((plan.model, rel), [plan, set(), set()])
                entry[1] |= _leaf_paths(plan.model, plan.leaf, rel, pks)
                entry[2] |= pks
            done |= {(model, pk) for pk in pks}
        origins[id(origin)] = done
    return origins[id(origin)]


def _post_delete(sender, instance, **kwargs):
    captured = instance.__dict__.pop("_antq_rollup_delete", None)
    if not captured:
        return
    pending = getattr(_DELETING, "pending", None)
    if pending is None:
        _refresh_captured(captured, [instance.pk])
        return
    for plan, rel, before in captured:  # one refresh per leaf when the deletion is over
        entry = pending.setdefault((plan.model, rel), [plan, set(), set()])
        entry[1] |= before
        entry[2].add(instance.pk)


@contextmanager
def _deleting():
    if getattr(_DELETING, "pending", None) is not None:  # within a deletion already
        yield
        return
    _DELETING.pending = pending = {}
    _DELETING.origins = {}
    try:
        yield
    finally:
        _DELETING.pending = None
        _DELETING.origins = {}
    keys = fresh_keys()
    for (_model, rel), (plan, before, pks) in pending.items():
        after = _leaf_paths(plan.model, plan.leaf, rel, pks)
        refresh(plan, before | after, keys)


class _BulkObserver:
    def bulk_created(self, model, objs):
        plan = plans().get(model)
        if not plan or not objs:
            return
        WRITES[0] += 1
        if plan.leaf == "path":
            paths = {o.path for o in objs}
        else:
            first, rest = plan.leaf.split("__", 1)
            f = model._meta.get_field(first)
            ids = {getattr(o, f.attname) for o in objs} - {None}
            paths = _leaf_paths(f.related_model, rest, "pk", ids)
        refresh(plan, paths)

    def before_update(self, queryset, fields):
        model = queryset.model
        names = set()
        for name in fields:
            try:
                names.add(model._meta.get_field(name).name)
            except Exception:
                names.add(name)
        if not names & _watched_fields(model):
            return None
        WRITES[0] += 1
        pks = list(queryset.values_list("pk", flat=True))
        if not pks:
            return None
        captured = _capture(model, pks, names)
        return lambda: _refresh_captured(captured, pks)

    def deleting(self):
        return _deleting()


def connect():
    """Keep the rollup on every write of the record types it counts (apps.ready)."""
    from django.db.models import signals

    models_ = set(plans()) | set(dependencies())
    for model in models_:
        uid = f"antq-rollup-{model._meta.label}"
        signals.pre_save.connect(_pre_save, sender=model, dispatch_uid=uid)
        signals.post_save.connect(_post_save, sender=model, dispatch_uid=uid)
        signals.pre_delete.connect(_pre_delete, sender=model, dispatch_uid=uid)
        signals.post_delete.connect(_post_delete, sender=model, dispatch_uid=uid)
    if not any(isinstance(o, _BulkObserver) for o in writes.OBSERVERS):
        writes.observe(_BulkObserver())


# --- building it -------------------------------------------------------------------------


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
    keys = set(keys) if keys is not None else {k for k, i in REGISTRY.items() if supported(i)}
    keys = {k for k in keys if supported(REGISTRY[k])}
    if not keys:
        return 0
    say = progress or (lambda msg: None)
    cell, own = (connection.ops.quote_name(m._meta.db_table) for m in (Cell, OwnCell))
    with transaction.atomic():
        Cell.objects.filter(key__in=keys)._raw_delete(Cell.objects.db)
        OwnCell.objects.filter(key__in=keys)._raw_delete(OwnCell.objects.db)
        for model, plan in plans().items():
            mine = keys & set(plan.keys)
            if not mine:
                continue
            rows = own_contributions(plan, mine)
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
            RollupState(key=k, fingerprint=_fingerprint(REGISTRY[k])) for k in sorted(keys)
        )
    say(f"rollup: {len(keys)} indicators built")
    return len(keys)


def check(keys=None):
    """Differences between the kept rollup and a recomputation from the records ([] = none)."""
    keys = fresh_keys() if keys is None else set(keys) & fresh_keys()
    problems = []
    expected_own = {}
    for plan in plans().values():
        expected_own.update(own_contributions(plan, keys & set(plan.keys)))
    kept_own = {
        (p, k, b): v
        for p, k, b, v in OwnCell.objects.filter(key__in=keys).values_list(
            "path", "key", "bucket", "value"
        )
    }
    expected = _subtree_deltas(expected_own)
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


# --- reading it --------------------------------------------------------------------------


def whole_months(date_from, date_to):
    """(first bucket, last bucket) when the period is whole calendar months, else None.
    date_from None means "since the beginning" (first bucket 1)."""
    if date_to is None or date_to.day != calendar.monthrange(date_to.year, date_to.month)[1]:
        return None
    if date_from is None:
        return 1, date_to.year * 100 + date_to.month
    if date_from.day != 1 or date_from > date_to:
        return None
    return date_from.year * 100 + date_from.month, date_to.year * 100 + date_to.month


def _flow_ranges(first, last):
    """(grain, lowest bucket, highest bucket) ranges of months first..last: whole years from the
    year cells, the rest from the month cells."""
    y1, m1, y2, m2 = first // 100, first % 100, last // 100, last % 100
    full_from = y1 if m1 <= 1 else y1 + 1
    full_to = y2 if m2 == 12 else y2 - 1
    if full_from > full_to:
        return [(MONTH, max(first, 1), last)]
    ranges = [(YEAR, full_from * 100, full_to * 100)]
    if full_from > y1:
        ranges.append((MONTH, first, y1 * 100 + 12))
    if full_to < y2:
        ranges.append((MONTH, y2 * 100 + 1, last))
    return ranges


def _stock_ranges(last):
    """The deltas up to the end of month `last`: the years before (and bucket 0, "at any date")
    from the year cells, the months of `last`'s year from the month cells."""
    y, m = last // 100, last % 100
    if m == 12:
        return [(YEAR, 0, y * 100)]
    return [(YEAR, 0, y * 100 - 1), (MONTH, y * 100 + 1, last)]


def _ranges_sql(ranges):
    sql = " OR ".join("(grain = %s AND bucket BETWEEN %s AND %s)" for _ in ranges)
    return f"({sql})", [v for r in ranges for v in r]


def read(keys, area, first, last, by_child=False):
    """{path: {key: value}} for the area (or each child, plus the area's own records under the
    area's path), months first..last, from the rollup: one statement of a few index range scans
    (written as SQL: it runs on every dashboard, and the ORM's overhead was half its time)."""
    flows = sorted(k for k in keys if REGISTRY[k].kind == FLOW and REGISTRY[k].date_field)
    stocks = sorted(set(keys) - set(flows))
    cell, own = (connection.ops.quote_name(m._meta.db_table) for m in (Cell, OwnCell))
    parts, params = [], []
    where = "parent = %s" if by_child else "path = %s"
    for chosen, ranges in ((flows, _flow_ranges(first, last)), (stocks, _stock_ranges(last))):
        if chosen:
            period, period_params = _ranges_sql(ranges)
            parts.append(
                f"SELECT path, key, SUM(value) FROM {cell} WHERE {where} "
                f"AND key IN ({', '.join(['%s'] * len(chosen))}) AND {period} GROUP BY path, key"
            )
            params += [area.path, *chosen, *period_params]
    if by_child:  # the records attached to the area itself
        for chosen, low in ((flows, first), (stocks, 0)):
            if chosen:
                parts.append(
                    f"SELECT path, key, SUM(value) FROM {own} WHERE path = %s "
                    f"AND key IN ({', '.join(['%s'] * len(chosen))}) "
                    "AND bucket BETWEEN %s AND %s GROUP BY path, key"
                )
                params += [area.path, *chosen, low, last]
    out = defaultdict(dict)
    if not parts:
        return out
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for path, key, value in cursor.fetchall():
            if value:
                out[path][key] = int(value)
    return out
