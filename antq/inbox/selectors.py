"""The inbox of a user: each declared kind's count and first items, computed from the records
on each request (one query for all the counts, one per kind with work for its items) and
kept on the user object for the rest of the request, so the navigation's badge and the page
share them."""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import F, IntegerField
from django.db.models.query import ModelIterable
from django.utils import timezone

from antq.core.scoping import Action, ScopedQuerySetMixin
from antq.inbox.registry import Item, ItemKind, first, kinds

# The items shown of each kind; the rest are on the kind's list page.
FIRST_ITEMS = 5


@dataclass
class Section:
    kind: ItemKind
    count: int
    items: list[Item] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def _cache(user):
    return user.__dict__.setdefault("_antq_inbox", {})


def _count_all(querysets: dict) -> dict[str, int]:
    """{name: count} of the querysets, in one statement (see _read_all)."""
    return _read_all(querysets, 0)[0]


def _numbered_keys(sql):
    """SQL gathering the keys of `sql`'s rows ("pk", numbered "n" in their order) into one
    text, "n=key,n=key" (an aggregate keeps no order of its own)."""
    pair = "CAST(k.n AS text) || '=' || CAST(k.pk AS text)"
    gather = (
        f"string_agg({pair}, ',')"
        if connection.vendor == "postgresql"
        else f"group_concat({pair}, ',')"
    )
    return f"SELECT {gather} FROM ({sql}) AS k"


def _sort_keys(queryset):
    """The queryset's order as [(field path, descending)], with the key last; None where it is
    not a plain list of fields (an expression, an annotation, a relation ordered by its model's
    ordering, a reversed queryset), which is then read apart."""
    query, opts = queryset.query, queryset.model._meta
    if not query.standard_ordering or query.extra_order_by:
        return None
    found = []
    for name in query.order_by or (query.default_ordering and opts.ordering) or ():
        if not isinstance(name, str) or name == "?" or not _plain_field(queryset.model, name):
            return None
        found.append((name.removeprefix("-"), name.startswith("-")))
    if not any(path in ("pk", opts.pk.name) for path, _desc in found):
        found.append(("pk", False))
    return found


def _plain_field(model, name):
    """Whether `name` (an order_by entry) is a path to a column, not to a relation, through
    relations to one record each (a path through a to-many relation would read a row per
    related record)."""
    try:
        for part in name.removeprefix("-").split("__"):
            if model is None:  # a part after a column
                return False
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
            if field.is_relation and (
                field.one_to_many or field.many_to_many or field.related_model is None
            ):
                return False  # a row per related record, or no column to read
            model = field.related_model if field.is_relation else None
    except FieldDoesNotExist:  # an annotation
        return False
    return model is None


def _order_columns(order):
    """The values() columns of a queryset's order (see _sort_keys), and the ORDER BY that sorts
    rows of them, read from the subquery `r`."""
    columns = {f"inbox_o{i}": F(path) for i, (path, _desc) in enumerate(order)}
    by = ", ".join(
        f"r.inbox_o{i}" + (" DESC" if desc else "") for i, (_path, desc) in enumerate(order)
    )
    return columns, by


def _counted_with_keys(queryset, order, limit):
    """SQL and parameters of one scalar subquery giving "count:n=key,...": the queryset's
    records read once (into a materialised set of their keys and the columns they are sorted
    by), counted, and the keys of the first `limit` of them numbered in the queryset's `order`
    (see _sort_keys)."""
    columns, by = _order_columns(order)
    sql, params = queryset.order_by().values("pk", **columns).query.sql_with_params()
    # the first `limit` first (a top-N sort, not a sort of all of them), then numbered
    first = f"SELECT r.* FROM r ORDER BY {by} LIMIT {limit}"
    first = f"SELECT r.pk, ROW_NUMBER() OVER (ORDER BY {by}) AS n FROM ({first}) AS r"
    return (
        f"(WITH r AS MATERIALIZED ({sql}) SELECT CAST((SELECT COUNT(*) FROM r) AS text)"
        f" || ':' || COALESCE(({_numbered_keys(first)}), ''))"
    ), params


def _first_keys(queryset, order, limit):
    """SQL and parameters of one scalar subquery giving "n=key,...": the keys of the queryset's
    first `limit` records, by a query of their own that stops at the limit, numbered in its
    `order` (see _sort_keys), or all numbered 0 where that is not plain columns (None)."""
    if order is None:
        sql, params = queryset.values("pk")[:limit].query.sql_with_params()
        return f"({_numbered_keys(f'SELECT r.pk, 0 AS n FROM ({sql}) AS r')})", params
    columns, by = _order_columns(order)
    sql, params = queryset.values("pk", **columns)[:limit].query.sql_with_params()
    numbered = f"SELECT r.pk, ROW_NUMBER() OVER (ORDER BY {by}) AS n FROM ({sql}) AS r"
    return f"({_numbered_keys(numbered)})", params


def _keys_read(queryset, text):
    """The keys of "n=key,..." in their order."""
    to_key = queryset.model._meta.pk.to_python
    pairs = (pair.partition("=") for pair in text.split(",")) if text else ()
    return [to_key(key) for _n, key in sorted(((int(n), key) for n, _eq, key in pairs))]


def _read_all(
    querysets: dict, limit: int, apart=frozenset()
) -> tuple[dict[str, int], dict[str, list], set]:
    """({name: count}, {name: the keys of its first `limit` records}, the names whose keys are
    in their queryset's order) of the querysets, in one statement (each is still its own
    set-based query over the jurisdiction; only the round trips and the statements to plan go).

    With a `limit`, a queryset's records are read once, counted and their first keys sorted out
    of them (_counted_with_keys); those named in `apart` (a kind of which one user may have tens
    of thousands, or whose first records an index walks in order), and those whose order is not
    of plain columns, are counted, and their first keys read by a query of their own within the
    statement, which stops at the limit (_first_keys). A union (rows of several models, no key),
    or records whose key is not a number, are counted only. A queryset that can hold nothing (a
    user without jurisdiction) is 0 without asking."""
    found, parts, params, reads, ordered = {}, [], [], [], set()
    for name, queryset in querysets.items():
        # keys read as numbers (an integer key: every scoped record's), not from a union's rows
        keyed = (
            bool(limit)
            and not queryset.query.combinator
            and isinstance(queryset.model._meta.pk, IntegerField)
        )
        order = _sort_keys(queryset) if keyed else None
        try:
            if keyed and order is not None and name not in apart:
                sql, sql_params = _counted_with_keys(queryset, order, int(limit))
                what = ["both"]
            else:
                sql, sql_params = queryset.order_by().values("pk").query.sql_with_params()
                sql, what = f"(SELECT COUNT(*) FROM ({sql}) AS inbox_{len(parts)})", ["count"]
                if keyed:
                    keys_sql, keys_params = _first_keys(queryset, order, int(limit))
                    sql, sql_params = f"{sql}, {keys_sql}", [*sql_params, *keys_params]
                    what.append("keys")
        except EmptyResultSet:
            found[name] = 0
            continue
        parts.append(sql)
        params.extend(sql_params)
        reads.extend((name, each) for each in what)
        if keyed and order is not None:
            ordered.add(name)
    keys = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            row = cursor.fetchone()
        for (name, what), value in zip(reads, row, strict=True):
            if what == "count":
                found[name] = value
                continue
            if what == "both":
                count, _colon, value = value.partition(":")
                found[name] = int(count)
            keys[name] = _keys_read(querysets[name], value)
    return found, keys, ordered


# What the inbox's reads run with on PostgreSQL (see _small_reads).
SMALL_READS = {"max_parallel_workers_per_gather": "0", "jit": "off"}


@contextmanager
def _small_reads():
    """The inbox's reads in one transaction, on PostgreSQL without parallel workers and without
    compiling them (SMALL_READS): each is a small scan of a partial index by area, which a
    gather of workers only slows (their start, on a loaded server, cost more than the scan; at
    national scale p50/p95 241/296 ms without them against 290/583 ms with them), and which the
    JIT compiler, called once the planner's costs of all kinds add up past its threshold (the
    national administrator's), slows too (570 ms without it against 740 ms with it).

    `SET LOCAL` ends with the transaction; within a transaction already open (ATOMIC_REQUESTS,
    tests) the settings before are put back, so the rest of it plans as it did. Nothing to set
    on SQLite."""
    if connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block
    names = list(SMALL_READS)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT "
                + ", ".join("current_setting(%s), set_config(%s, %s, true)" for _name in names),
                [value for name in names for value in (name, name, SMALL_READS[name])],
            )
            before = cursor.fetchone()[::2]
        yield
        if nested:  # (after an error the savepoint's rollback puts them back)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT " + ", ".join("set_config(%s, %s, true)" for _name in names),
                    [value for pair in zip(names, before, strict=True) for value in pair],
                )


def _records(user, today) -> dict:
    """{kind slug: its scoped queryset} for `user` on `today`, built once per request: the
    counts and the first items read the same querysets (a kind that reads something to build
    its own, the tallies' approval levels, reads it once)."""
    cache = _cache(user)
    if cache.get("today") != today:
        cache.clear()
        cache["today"] = today
        cache["records"] = {kind.slug: kind.records(user, today) for kind in kinds()}
    return cache["records"]


def counts(user, today=None) -> dict[str, int]:
    """{kind slug: how many await `user`} for every declared kind, in one query."""
    today = today or timezone.localdate()
    cache = _cache(user)
    if cache.get("today") != today or "counts" not in cache:
        with _small_reads():
            cache = _counted(user, today)
    return cache["counts"]


def _counted(user, today) -> dict:
    """The request's cache with the counts in it."""
    records = _records(user, today)
    cache = _cache(user)
    if "counts" not in cache:
        cache["counts"] = _count_all(records)
    return cache


def total(user, today=None) -> int:
    return sum(counts(user, today).values())


def _related_paths(select_related, prefix=""):
    """The select_related() arguments of a query's `select_related` (False, True or a tree)."""
    if not isinstance(select_related, dict):
        return () if select_related else None
    paths = []
    for name, below in select_related.items():
        paths.append(prefix + name)
        paths.extend(_related_paths(below, f"{prefix}{name}__") or ())
    return tuple(sorted(paths))


def _viewable(model):
    """All records of `model` as a queryset whose `visible_to(user, action)` is the area scope
    itself (core.scoping.ScopedQuerySetMixin), or None where the model scopes otherwise."""
    records = model._default_manager.all()
    return records if type(records).visible_to is ScopedQuerySetMixin.visible_to else None


def _read_as_records(queryset):
    """Whether the first records of `queryset` may be read as plain records of its model by
    their keys (no annotations, columns, deferred fields or prefetches of its own to keep), with
    the related records it selects, within the area scope."""
    query = queryset.query
    return (
        not query.annotations
        and not query.extra
        and not query.values_select
        and query.deferred_loading == (frozenset(), True)
        and not queryset._prefetch_related_lookups
        and queryset._iterable_class is ModelIterable
        and _viewable(queryset.model) is not None
    )


def _first_records(user, records: dict, keys: dict, ordered: set) -> dict[str, list]:
    """{name: its first records, in order} by their keys: the records of kinds over the same
    model and related records read in one query (the tip kinds'), within what the user may view,
    then given to each kind in its keys' order; a kind with columns of its own (annotations), or
    whose keys were read unordered, by its own queryset.

    The keys were found by each kind's own query, earlier in the same transaction; read again
    by key alone, a record that changed in between (a tip assigned a moment before) is still
    shown, and one deleted in between is left out."""
    out, together = {}, {}
    for name, first_keys in keys.items():
        queryset = records[name]
        if not first_keys:
            out[name] = []
        elif name in ordered and _read_as_records(queryset):
            related = _related_paths(queryset.query.select_related)
            together.setdefault((queryset.model, related), []).append(name)
        else:
            out[name] = list(queryset.filter(pk__in=first_keys))
    for (model, related), names in together.items():
        # in the keys' order below, not the model's
        rows = _viewable(model).visible_to(user, Action.VIEW).order_by()
        if related is not None:
            rows = rows.select_related(*related)
        by_key = {row.pk: row for row in rows.filter(pk__in=[k for n in names for k in keys[n]])}
        for name in names:
            out[name] = [by_key[key] for key in keys[name] if key in by_key]
    return out


def inbox(user, today=None, limit=None) -> list[Section]:
    """The kinds with work for `user`, each with its count and first `limit` (FIRST_ITEMS)
    items: the counts and the first items' keys in one statement (_read_all), then the records
    by their keys (_first_records; a union, which has none, sliced as it is)."""
    today = today or timezone.localdate()
    limit = limit or FIRST_ITEMS
    with _small_reads():
        records = _records(user, today)
        apart = {kind.slug for kind in kinds() if kind.first_apart}
        found, keys, ordered = _read_all(records, limit, apart)
        _cache(user)["counts"] = found
        firsts = _first_records(user, records, keys, ordered)
        sections = []
        for kind in kinds():
            if not found[kind.slug]:
                continue
            mine = firsts.get(kind.slug)
            if mine is None:  # no keys read (a union)
                mine = first(records[kind.slug], limit)
            sections.append(Section(kind, found[kind.slug], [kind.item(r) for r in mine]))
        return sections
