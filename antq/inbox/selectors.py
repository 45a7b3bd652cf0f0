"""The inbox of a user: each declared kind's count and first items, computed from the records
on each request (one query for all the counts, one per kind with work for its items) and
kept on the user object for the rest of the request, so the navigation's badge and the page
share them."""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

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


def _agg_keys(column):
    """SQL gathering `column` (keys) of a subquery's rows into one text."""
    if connection.vendor == "postgresql":
        return f"string_agg(CAST({column} AS text), ',')"
    return f"group_concat({column}, ',')"


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
    """Whether `name` (an order_by entry) is a path to a column, not to a relation."""
    try:
        for part in name.removeprefix("-").split("__"):
            if model is None:  # a part after a column
                return False
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
            model = field.related_model if field.is_relation else None
    except FieldDoesNotExist:  # an annotation
        return False
    return model is None


def _counted_with_keys(queryset, limit):
    """SQL and parameters of one scalar subquery giving "count:key,key,...": the queryset's
    records read once (into a materialised set of their keys and the columns they are sorted
    by), counted, and the keys of the first `limit` of them in the queryset's order; None where
    its order is not plain fields (see _sort_keys)."""
    order = _sort_keys(queryset)
    if order is None:
        return None
    columns = {f"inbox_o{i}": F(path) for i, (path, _desc) in enumerate(order)}
    sql, params = queryset.order_by().values("pk", **columns).query.sql_with_params()
    by = ", ".join(
        f"r.inbox_o{i}" + (" DESC" if desc else "") for i, (_path, desc) in enumerate(order)
    )
    first_keys = f"SELECT r.pk FROM r ORDER BY {by} LIMIT {int(limit)}"
    return (
        f"(WITH r AS MATERIALIZED ({sql}) SELECT CAST((SELECT COUNT(*) FROM r) AS text)"
        f" || ':' || COALESCE((SELECT {_agg_keys('k.pk')} FROM ({first_keys}) AS k), ''))"
    ), params


def _read_all(
    querysets: dict, limit: int, apart=frozenset()
) -> tuple[dict[str, int], dict[str, list]]:
    """({name: count}, {name: the keys of its first `limit` records}) of the querysets, in one
    statement (each is still its own set-based query over the jurisdiction; only the round trips
    and the statements to plan go). With a `limit`, a queryset's records are read once, counted
    and their first keys sorted out of them (_counted_with_keys); those named in `apart` (a
    kind of which one user may have tens of thousands, or whose first records an index walks in
    order) are counted, and their first keys read by a query of their own within the statement,
    which stops at the limit. A union (rows of several models, no key) is counted only. A
    queryset that can hold nothing (a user without jurisdiction) is 0 without asking."""
    found, parts, params, reads = {}, [], [], []
    for name, queryset in querysets.items():
        try:
            both = None
            if limit and not queryset.query.combinator and name not in apart:
                both = _counted_with_keys(queryset, limit)
            if both is not None:
                parts.append(both[0])
                params.extend(both[1])
                reads.append((name, "both"))
                continue
            sql, sql_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            found[name] = 0
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS inbox_{len(parts)})")
        params.extend(sql_params)
        reads.append((name, "count"))
        if limit and not queryset.query.combinator:
            sql, sql_params = queryset.values("pk")[:limit].query.sql_with_params()
            parts.append(f"(SELECT {_agg_keys('k.pk')} FROM ({sql}) AS k)")
            params.extend(sql_params)
            reads.append((name, "keys"))
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
            to_key = querysets[name].model._meta.pk.to_python
            keys[name] = [to_key(key) for key in value.split(",")] if value else []
    return found, keys


@contextmanager
def _small_reads():
    """The inbox's reads in one transaction, on PostgreSQL without parallel workers: each is a
    small scan of a partial index by area, which a gather of workers only slows (their start,
    on a loaded server, cost more than the scan; at national scale p50/p95 241/296 ms without
    them against 290/583 ms with them). `SET LOCAL` ends with the transaction; within a
    transaction already open (ATOMIC_REQUESTS, tests) the setting before is put back, so the
    rest of it plans as it did. Nothing to set on SQLite."""
    if connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('max_parallel_workers_per_gather'),"
                " set_config('max_parallel_workers_per_gather', '0', true)"
            )
            before = cursor.fetchone()[0]
        yield
        if nested:  # (after an error the savepoint's rollback puts it back)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('max_parallel_workers_per_gather', %s, true)", [before]
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


def inbox(user, today=None, limit=None) -> list[Section]:
    """The kinds with work for `user`, each with its count and first `limit` (FIRST_ITEMS)
    items: the counts and the first items' keys in one statement, then the records of each kind
    with work by their keys (a union, which has none, sliced as it is)."""
    today = today or timezone.localdate()
    limit = limit or FIRST_ITEMS
    with _small_reads():
        records = _records(user, today)
        cache = _cache(user)
        found, keys = _read_all(records, limit, {kind.slug for kind in kinds() if kind.first_apart})
        cache["counts"] = found
        sections = []
        for kind in kinds():
            if not found[kind.slug]:
                continue
            mine = records[kind.slug]
            firsts = (
                mine.filter(pk__in=keys[kind.slug]) if kind.slug in keys else first(mine, limit)
            )
            sections.append(Section(kind, found[kind.slug], [kind.item(r) for r in firsts]))
        return sections
