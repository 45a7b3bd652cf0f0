"""The inbox of a user: each declared kind's count and first items, computed from the records
on each request (one query for all the counts, one per kind with work for its items) and
kept on the user object for the rest of the request, so the navigation's badge and the page
share them."""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
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
    """{name: count} of the querysets, in one statement: a scalar subquery per queryset (each
    is still its own set-based query over the jurisdiction; only the round trips go). A
    queryset that can hold nothing (a user without jurisdiction) is 0 without asking."""
    found, parts, params = {}, [], []
    for name, queryset in querysets.items():
        try:
            sql, sql_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            found[name] = 0
            continue
        parts.append((name, f"(SELECT COUNT(*) FROM ({sql}) AS inbox_{len(parts)})"))
        params.extend(sql_params)
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(part for _name, part in parts), params)
            row = cursor.fetchone()
        found |= {name: n for (name, _part), n in zip(parts, row, strict=True)}
    return found


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
    items."""
    today = today or timezone.localdate()
    limit = limit or FIRST_ITEMS
    with _small_reads():
        found = _counted(user, today)["counts"]
        records = _records(user, today)
        return [
            Section(
                kind, found[kind.slug], [kind.item(r) for r in first(records[kind.slug], limit)]
            )
            for kind in kinds()
            if found[kind.slug]
        ]
