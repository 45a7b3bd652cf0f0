"""What needs a user now, as declarations: each app names its kinds of work in its own
`inbox.py` (found at start-up, as `indicators.py` are), and the inbox reads them.

A kind is one scoped, set-based queryset of the records awaiting the user (counted in the one
statement that counts every kind, its first items read by another), how one record reads as an
item, and where the whole list is.
Nothing is stored: the inbox is computed from the records on each request, so it cannot drift
from them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL


@dataclass(frozen=True)
class Item:
    """One thing to do: what it is, where it is done, and the date that makes it urgent."""

    title: str
    url: str
    detail: str = ""
    when: date | None = None


@dataclass(frozen=True)
class ItemKind:
    """A kind of work awaiting a user.

    `records(user, today)` returns the scoped queryset of what awaits `user` (ordered, most
    urgent first); `item(record)` reads one as an Item; `list_url()` is the filtered list page
    holding them all, or "" where there is none. `order` places the kind on the page;
    `first_apart` says how its first records are read (antq.inbox.selectors._read_all)."""

    slug: str
    label: object  # lazy translated
    records: Callable[..., QuerySet]
    item: Callable[..., Item]
    list_url: Callable[[], str] = lambda: ""
    order: int = 100
    # Its first records are read by a query of their own, which stops at the limit, rather than
    # sorted out of all its records as they are counted: for a kind of which one user may have
    # tens of thousands (a province's camera sites due), or whose first records an index walks
    # in order (the overdue tips by due date).
    first_apart: bool = False

    def items(self, user, today: date, limit: int) -> list[Item]:
        return [self.item(record) for record in first(self.records(user, today), limit)]


def first(records: QuerySet, limit: int) -> QuerySet:
    """The first `limit` of a kind's records, in two steps in one statement: their keys alone,
    which the kind's partial index by area answers without reading a row (the scope, the state
    and the order are in it), then only those records with what their items read. Read whole at
    once, a province's kind fetched every candidate row of the country before keeping five when
    the planner misjudged how few there were. A union (rows of several models) is sliced as it
    is.

    The keys' query is compiled on its own and given to the records' as SQL: given as a
    queryset, the ORM copied and relabelled it into the outer query first, two to eight times the
    cost of compiling it (a kind with subqueries of its own, such as the tallies to submit, most),
    for the same statement."""
    if records.query.combinator:
        return records[:limit]
    try:
        sql, params = records.values("pk")[:limit].query.sql_with_params()
    except EmptyResultSet:  # a scope that holds nothing
        return records.none()
    return records.filter(pk__in=RawSQL(sql, params))


KINDS: dict[str, ItemKind] = {}


def declare(*kinds: ItemKind):
    for kind in kinds:
        if kind.slug in KINDS:
            raise ValueError(f"inbox kind {kind.slug} declared twice")
        KINDS[kind.slug] = kind
    return kinds


def kinds() -> list[ItemKind]:
    return sorted(KINDS.values(), key=lambda kind: (kind.order, kind.slug))
