"""Paging of the record lists at any size: counts that stay cheap and deep pages that do not
walk an OFFSET.

- The count: exact when the list is small; above ESTIMATE_ABOVE records on PostgreSQL, the
  planner's estimate of the filtered, scoped query (EXPLAIN (FORMAT JSON); for a table with no
  filter that is pg_class.reltuples scaled to its current size), shown as "about N". A page
  that holds the list's last record gives the exact count without any counting query (most
  lists of a commune fit on their first page). SQLite counts exactly.
- The pages: the first OFFSET_PAGES pages by number (OFFSET); further on, "next" and
  "previous" carry a cursor (keyset paging): the values of the list's ordering and the primary
  key at the edge of the page, so that a deep page costs what the first one does. A list whose
  count is exact and small enough pages by number throughout. The ordering is the one the table
  asked for (its sort links) with the primary key added, so that ties never shuffle records
  between pages; nullable keys sort their empty values last on every database.

Kept apart from the page views (record_pages.py): `paginate(request, table)` after
django-tables2's RequestConfig has sorted the table (with paginate=False).
"""

import json
from dataclasses import dataclass, field, replace

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_tables2.rows import BoundRows

from antq.core import tables

PER_PAGE = 50
ESTIMATE_ABOVE = 10_000  # counts above this (by the planner's estimate) are estimated
OFFSET_PAGES = 5  # pages reached by number when the count is estimated
_SALT = "antq.core.paging.cursor"
_NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class ListCount:
    n: int
    estimated: bool

    def __str__(self):
        shown = formats.number_format(self.n, force_grouping=True)
        return _("about {n}").format(n=shown) if self.estimated else shown


def planner_estimate(queryset):
    """The PostgreSQL planner's estimate of the rows of `queryset`, or None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str | bytes):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def count_records(queryset, estimate=None):
    """A ListCount of `queryset`: the planner's estimate (`estimate`, when already asked) when
    it is large, else exact."""
    estimate = planner_estimate(queryset) if estimate is None else estimate
    if estimate is not None and estimate >= ESTIMATE_ABOVE:
        return ListCount(estimate, True)
    return ListCount(queryset.order_by().count(), False)


# --- the ordering and the cursor ------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    alias: str  # the annotation that holds the key's value in the page's query
    name: str  # the ordering name, e.g. "area__path"
    descending: bool
    nullable: bool
    # sort by a value no index gives in order (see `paginate`: a small list on PostgreSQL)
    opaque: bool = False

    def order(self, reverse=False):
        descending = self.descending != reverse
        expression = Coalesce(F(self.alias), F(self.alias)) if self.opaque else F(self.alias)
        if not self.nullable:
            return expression.desc() if descending else expression.asc()
        # empty values last in the list's own direction (first when it is walked backwards)
        nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
        return expression.desc(**nulls) if descending else expression.asc(**nulls)


def _resolve(model, name):
    """(nullable) of the field `name` ("area__path") reaches, or None when it is not a plain
    column (a relation ordered by its model's own ordering, an unknown name)."""
    nullable = False
    parts = name.split("__")
    for i, part in enumerate(parts):
        try:
            f = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        nullable = nullable or bool(getattr(f, "null", False))
        if i < len(parts) - 1:
            if not f.is_relation or f.many_to_many or f.one_to_many:
                return None
            model = f.related_model
        elif f.is_relation:
            return None
    return nullable


def order_keys(queryset):
    """The keys of the list's ordering (the table's sort, else the model's), ending with the
    primary key; None when the ordering is not plain fields (then pages go by number)."""
    names = list(queryset.query.order_by) or (
        list(queryset.model._meta.ordering) if queryset.query.default_ordering else []
    )
    keys = []
    pk_name = queryset.model._meta.pk.name
    for name in names:
        if not isinstance(name, str) or name.startswith("?"):
            return None
        descending = name.startswith("-")
        bare = name.lstrip("-+")
        if bare == pk_name:
            bare = "pk"
        nullable = _resolve(queryset.model, bare)
        if nullable is None:
            return None
        keys.append(_Key(f"page_key_{len(keys)}", bare, descending, nullable))
        if bare == "pk":
            break
    if not keys or keys[-1].name != "pk":
        keys.append(_Key(f"page_key_{len(keys)}", "pk", False, False))
    return keys


def _beyond(key, value, forward):
    """Records strictly after `value` of `key` (before it when not `forward`)."""
    lookup = "gt" if forward != key.descending else "lt"
    if forward:
        if value is None:  # empty values come last: nothing lies beyond them
            return _NOTHING
        past = Q(**{f"{key.alias}__{lookup}": value})
        return past | Q(**{f"{key.alias}__isnull": True}) if key.nullable else past
    if value is None:
        return Q(**{f"{key.alias}__isnull": False})
    return Q(**{f"{key.alias}__{lookup}": value})


def _same(key, value):
    return Q(**{f"{key.alias}__isnull": True}) if value is None else Q(**{key.alias: value})


def keyset_q(keys, values, forward=True):
    """The records after the row whose keys hold `values` (before it when not `forward`), in
    the order of `keys`."""
    q, same = _NOTHING, Q()
    for key, value in zip(keys, values, strict=True):
        q |= same & _beyond(key, value, forward)
        same &= _same(key, value)
    first, value = keys[0], values[0]
    if not first.nullable and value is not None:
        # an indexable bound on the leading key, for the planner (implied by `q`)
        bound = "gte" if forward != first.descending else "lte"
        q &= Q(**{f"{first.alias}__{bound}": value})
    return q


class _CursorSerializer(signing.JSONSerializer):
    """JSON with dates, times and decimals (the values of the ordering keys)."""

    def dumps(self, obj):
        return json.dumps(obj, separators=(",", ":"), cls=DjangoJSONEncoder).encode("latin-1")


def _encode(keys, number, record):
    values = [getattr(record, key.alias) for key in keys]
    data = {"o": [k.name for k in keys], "d": [k.descending for k in keys], "n": number}
    return signing.dumps(data | {"v": values}, salt=_SALT, serializer=_CursorSerializer)


def _decode(keys, text):
    """(page number, values) of a cursor made for this ordering, or None."""
    try:
        data = signing.loads(text, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("o") != [k.name for k in keys]
        or data.get("d") != [k.descending for k in keys]
        or not isinstance(data.get("n"), int)
        or not isinstance(data.get("v"), list)
        or len(data["v"]) != len(keys)
    ):
        return None
    return max(data["n"], 1), data["v"]


# --- the page -------------------------------------------------------------------------------


@dataclass
class ListPage:
    """What the table's pager shows (core/_table.html); also the table's `paginator`, so that
    `table.paginator.count` is the list's count (exact or estimated, see `count_estimated`)."""

    object_list: object
    number: int
    list_count: ListCount
    previous_url: str = ""
    next_url: str = ""
    links: list = field(default_factory=list)  # (label, url or "", is current)
    table: object = None
    per_page: int = PER_PAGE

    @property
    def count(self):
        return self.list_count.n

    @property
    def count_estimated(self):
        return self.list_count.estimated

    @property
    def num_pages(self):
        return max(1, -(-self.count // self.per_page))

    @cached_property
    def rows_html(self):
        return tables.rows_html(self.table)

    @property
    def paged(self):
        return bool(self.previous_url or self.next_url)


def _url(request, drop, **params):
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    for name, value in params.items():
        query[name] = value
    return "?" + query.urlencode()


def _page_number(text):
    try:
        return max(int(text), 1)
    except (TypeError, ValueError):
        return 1


def _number_links(request, page_field, drop, number, last):
    """Numbered links: the first and the last page and those near the current one, with gaps
    as "…"."""
    shown = sorted({1, last, *range(max(1, number - 2), min(last, number + 2) + 1)})
    links, before = [], 0
    for n in shown:
        if n > before + 1:
            links.append(("…", "", False))
        links.append((str(n), _url(request, drop, **{page_field: n}), n == number))
        before = n
    return links


class _Counter:
    """The list's count, asked for at most once."""

    def __init__(self, queryset, estimate):
        self.queryset, self.estimate, self.value = queryset, estimate, None

    def __call__(self):
        if self.value is None:
            self.value = count_records(self.queryset, self.estimate)
        return self.value


def _cursor_rows(ordered, keys, cursor, forward, per_page):
    """The rows after (before) the cursor's, in the list's order, and whether more lie beyond
    them; None for a cursor whose values do not parse."""
    _number, values = cursor
    walked = ordered if forward else ordered.order_by(*[k.order(reverse=True) for k in keys])
    try:
        rows = list(walked.filter(keyset_q(keys, values, forward))[: per_page + 1])
    except (ValidationError, ValueError, TypeError):
        return None
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not forward:
        rows.reverse()
    return rows, more


def paginate(request, table, per_page=PER_PAGE):
    """Give `table` (sorted by RequestConfig, not paginated) the page the request asks for:
    `table.page` (and `table.paginator`) is a ListPage."""
    page_field = table.prefixed_page_field
    after_field, before_field = f"{page_field}_after", f"{page_field}_before"
    drop = (page_field, after_field, before_field)
    queryset = table.data.data
    keys = order_keys(queryset)
    estimate = planner_estimate(queryset)
    counter = _Counter(queryset, estimate)
    if keys is not None and estimate is not None and estimate < ESTIMATE_ABOVE:
        # A few records of a large table (a commune's): PostgreSQL would walk the index of the
        # ordering (the primary key's, for the newest first) through the whole table to find
        # them, betting on a LIMIT it reaches late; sorted by a value no index gives in order,
        # it fetches them by the filter and sorts a few hundred rows instead.
        keys = [replace(k, opaque=True) for k in keys]
    ordered = queryset
    cursor, forward, found = None, True, None
    if keys is not None:
        ordered = queryset.annotate(**{k.alias: F(k.name) for k in keys})
        ordered = ordered.order_by(*[k.order() for k in keys])
        for name, direction in ((after_field, True), (before_field, False)):
            if request.GET.get(name):
                cursor, forward = _decode(keys, request.GET[name]), direction
                break
    if cursor is not None:
        found = _cursor_rows(ordered, keys, cursor, forward, per_page)
    if found is not None:
        number, (rows, more) = cursor[0], found
        has_previous, has_next = (True, more) if forward else (more or number > 1, True)
        count = counter()
    else:
        number = _page_number(request.GET.get(page_field))
        if keys is not None and number > OFFSET_PAGES and counter().estimated:
            number = OFFSET_PAGES  # deeper pages are reached through cursors
        rows = list(ordered[(number - 1) * per_page : number * per_page + 1])
        if not rows and number > 1:  # past the end: the last page
            number = max(1, -(-counter().n // per_page))
            rows = list(ordered[(number - 1) * per_page : number * per_page + 1])
        more = len(rows) > per_page
        rows = rows[:per_page]
        # a page that holds the list's last record gives the exact count
        count = counter() if more else ListCount((number - 1) * per_page + len(rows), False)
        has_previous, has_next = number > 1, more
    page = ListPage(
        BoundRows(data=rows, table=table), number, count, table=table, per_page=per_page
    )
    by_number = keys is None or not count.estimated
    if has_previous:
        if by_number or number - 1 <= OFFSET_PAGES:
            page.previous_url = _url(request, drop, **{page_field: number - 1})
        elif rows:
            page.previous_url = _url(
                request, drop, **{before_field: _encode(keys, number - 1, rows[0])}
            )
    if has_next:
        if by_number or (found is None and number < OFFSET_PAGES):
            page.next_url = _url(request, drop, **{page_field: number + 1})
        elif rows:
            page.next_url = _url(
                request, drop, **{after_field: _encode(keys, number + 1, rows[-1])}
            )
    if by_number:
        page.links = _number_links(request, page_field, drop, number, page.num_pages)
    elif number <= OFFSET_PAGES and found is None:
        page.links = [
            (str(n), _url(request, drop, **{page_field: n}), n == number)
            for n in range(1, OFFSET_PAGES + 1)
        ]
    else:  # a page reached through a cursor: the first page, and this one
        page.links = [
            ("1", _url(request, drop, **{page_field: 1}), False),
            ("…", "", False),
            (str(number), "", True),
        ]
    table.page = page
    table.paginator = page
    return page
