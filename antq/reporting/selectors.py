"""Every read of the reporting cycle, scoped: the obligations, and completeness and timeliness
(who was expected to report, who did, who did on time) for an area and period.

Who is expected for a tally month: every commune in force during that month (it overlaps the
unit's validity dates), plus the units an obligation adds, minus those an obligation exempts;
a unit is expected only in the months it is in force, whatever its obligations' dates say.
An area's past belongs to it: for a month before a reform, today's province expects the former
communes that became part of it (core/scoping.past_of), as they were in force then, and
its figures by child count each under the unit in force today that it became (a former commune
divided between several units once, under its main successor; the others list it, uncounted).
A report is received when its tally is submitted or approved, on time when it was submitted on
or before the period's due date (`periods.reporting_period`)."""

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.core.scoping import (
    EVERYWHERE,
    Action,
    Elsewhere,
    jurisdiction_paths,
    past_of,
    prefix_sql,
    with_former_q,
)
from antq.reporting.choices import STATE_ORDER, RecordKind, UnitState
from antq.reporting.models import Obligation
from antq.reporting.periods import ReportingPeriod, month_end, reporting_period
from antq.tallies.choices import TallyStatus
from antq.tallies.models import MonthlyTally

# Received: submitted once, whatever the levels above have done with it since (returned for
# correction, accepted at an intermediate level, approved); on time by its first submission.
RECEIVED = (
    TallyStatus.SUBMITTED,
    TallyStatus.RETURNED,
    TallyStatus.ACCEPTED,
    TallyStatus.APPROVED,
)
MAX_MONTHS = 120  # months read at once: each adds its due date to the query


def obligation_list(user, action=Action.VIEW):
    return Obligation.objects.visible_to(user, action).select_related("area")


def obligation_get(user, pk, action=Action.VIEW) -> Obligation:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(obligation_list(user, action), pk=pk)


def in_force_q(month: date, prefix: str = "") -> Q:
    """Units (or obligations) whose validity overlaps the calendar month `month`."""
    return (
        Q(**{f"{prefix}valid_from__isnull": True})
        | Q(**{f"{prefix}valid_from__lte": month_end(month)})
    ) & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": month}))


def _overlaps(start, end, month):
    return (start is None or start <= month_end(month)) and (end is None or end >= month)


@dataclass
class Adjustments:
    """The obligations' changes to the default, per month: {month: {area id: area path}}."""

    added: dict = field(default_factory=dict)
    exempt: dict = field(default_factory=dict)

    def added_ids(self, month):
        return set(self.added.get(month, ()))

    def exempt_ids(self, month):
        return set(self.exempt.get(month, ()))


def adjustments(user, area: Area, months, *, former=None) -> Adjustments:
    """One query for the obligations under `area` (or under the former units that became part of
    it: `former`, core/scoping.past_of or former_units, or none) that overlap `months`; an exemption
    wins over an addition of the same unit and month, and neither changes what the default
    already says. Neither reaches a month in which the unit itself is not in force: an
    obligation with no end does not expect reports of a unit after it has ended."""
    rows = (
        Obligation.objects.visible_to(user)
        .filter(with_former_q([area.path], "area__path", former=former or {}))
        .filter(kind=RecordKind.MONTHLY_TALLY)
        .filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=month_end(max(months))),
            Q(valid_to__isnull=True) | Q(valid_to__gte=min(months)),
        )
        .values_list(
            "area_id",
            "area__path",
            "area__level",
            "area__valid_from",
            "area__valid_to",
            "exempt",
            "valid_from",
            "valid_to",
        )
    )
    return _adjust(rows, months)


def _adjust(rows, months) -> Adjustments:
    """The adjustments that obligations make in `months`: rows (unit id, unit path, unit level,
    unit valid from, unit valid to, exempt, obligation from, obligation to)."""
    found = Adjustments()
    for area_id, path, level, unit_from, unit_to, exempt, start, end in rows:
        for month in months:
            # a unit reports only while it is in force, whatever its obligation's dates say
            if not (_overlaps(start, end, month) and _overlaps(unit_from, unit_to, month)):
                continue
            by_default = level == AreaLevel.COMMUNE
            if exempt and by_default:
                found.exempt.setdefault(month, {})[area_id] = path
            elif not exempt and not by_default:
                found.added.setdefault(month, {})[area_id] = path
    for month, exempt in found.exempt.items():
        for area_id in exempt:
            found.added.get(month, {}).pop(area_id, None)
    return found


def expected_q(month: date, adj: Adjustments, prefix: str = "") -> Q:
    """The units expected to report for `month` (on Area; on a tally with prefix "area__")."""
    pk = f"{prefix}pk" if prefix else "pk"
    default = Q(**{f"{prefix}level": AreaLevel.COMMUNE}) & in_force_q(month, prefix)
    exempt, added = adj.exempt_ids(month), adj.added_ids(month)
    if exempt:
        default &= ~Q(**{f"{pk}__in": exempt})
    return default | Q(**{f"{pk}__in": added}) if added else default


def expected_units_q(month: date, within: Area | None = None, *, former=None) -> Q:
    """On Area: the units expected to report for the tally month `month`, as one SQL condition
    (the rule of `adjustments` and `expected_q`, with the obligations read in the same
    statement): a commune in force that month or a unit an obligation adds, unless an
    obligation exempts it. For a queryset of units that may be counted with others in one
    statement (the inbox's tallies to submit) and for `completeness`.

    With `within`, only the units under that area or under a former unit that became part of
    it (`former`, core/scoping.past_of, walked here when not given): for a month before a
    reform, today's province expects the former communes in force then."""
    obligations = Obligation.objects.filter(
        in_force_q(month), area=OuterRef("pk"), kind=RecordKind.MONTHLY_TALLY
    )
    # a unit reports only in the months it is in force: an obligation does not outlive its unit
    q = (
        in_force_q(month)
        & (Q(level=AreaLevel.COMMUNE) | Exists(obligations.filter(exempt=False)))
        & ~Exists(obligations.filter(exempt=True))
    )
    if within is not None:
        q &= with_former_q([within.path], former=former)
    return q


@dataclass
class UnitRow:
    area: Area
    tally: MonthlyTally | None
    state: str
    late: bool  # received after the due date (or with no submission time kept)
    # a former unit divided between several units, listed here as one of its successors' past
    # (their users see it, approve it, and close its periods) but counted under its main
    # successor, outside this area: that unit (core/scoping.Elsewhere); None where it counts here
    counted_under: Elsewhere | None = None


@dataclass
class Counts:
    expected: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def late(self):
        return self.received - self.on_time

    @property
    def missing(self):
        return self.expected - self.received

    @property
    def completeness(self):
        return self.received / self.expected if self.expected else None

    @property
    def timeliness(self):
        return self.on_time / self.expected if self.expected else None

    def as_dict(self):
        return {
            "expected": self.expected,
            "received": self.received,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
        }


@dataclass
class Completeness:
    area: Area
    period: ReportingPeriod
    units: list[UnitRow]
    counts: Counts


def _state(tally, period) -> tuple[str, bool]:
    if tally is None or tally.status not in RECEIVED:
        return UnitState.MISSING, False
    late = tally.submitted_at is None or tally.submitted_at >= period.due_before
    if tally.status == TallyStatus.APPROVED:
        return UnitState.APPROVED, late
    return (UnitState.LATE if late else UnitState.SUBMITTED), late


def completeness(user, area: Area, month: date, *, past=None) -> Completeness:
    """Each unit expected under `area` (itself included, and the former units that became part
    of it) for the tally month `month`, with its tally and state, those that have not reported
    first; three queries whatever the number of units: the walk of successions, the units, their
    tallies.

    A former unit divided between several units is listed under each successor's area (each may
    see it, approve its tally, close its periods), but counted once: under its main successor
    (core/scoping.Past). Where that lies outside `area`, its row says so and the counts leave it
    out, as `completeness_by_child` does. `past`: the walk of `area`'s successions, where the
    caller has it (past_of)."""
    period = reporting_period(month)
    past = past_of([area.path]) if past is None else past
    units = (
        Area.objects.visible_to(user)
        .filter(expected_units_q(period.month, within=area, former=past))
        .order_by("path")
    )
    tallies = {
        tally.area_id: tally
        for tally in MonthlyTally.objects.visible_to(user).filter(
            area__in=units.values("pk"), month=period.month
        )
    }
    rows = []
    counts = Counts()
    for unit in units:
        tally = tallies.get(unit.pk)
        state, late = _state(tally, period)
        elsewhere = past.counted_elsewhere(unit.path)
        rows.append(UnitRow(unit, tally, state, late, counted_under=elsewhere))
        if elsewhere is not None:
            continue
        counts.expected += 1
        if state != UnitState.MISSING:
            counts.received += 1
            counts.on_time += not late
    rows.sort(key=lambda row: (STATE_ORDER[row.state], row.area.path))
    return Completeness(area=area, period=period, units=rows, counts=counts)


@dataclass
class ChildCompleteness:
    area: Area
    counts: Counts
    own: bool  # the reports of `area` itself, not of a unit below it


def _day(value):
    """A date read by raw SQL (SQLite gives its text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


# the fields of an Area the statement reads, in the model's order (Model.from_db wants it)
_UNIT_FIELDS = ("id", "path", "depth", "code", "name", "level", "valid_from", "valid_to")


@cache
def _unit_fields():
    return [f.attname for f in Area._meta.concrete_fields if f.attname in _UNIT_FIELDS]


def _area(alias, **values):
    """An Area of these fields as read (the others deferred), as a queryset would make it."""
    names = _unit_fields()
    return Area.from_db(alias, names, [values[name] for name in names])


def _no(sql_type):
    """A typed NULL, so that the arms of a UNION ALL agree on PostgreSQL."""
    return f"CAST(NULL AS {sql_type})"


def _by_child_sql(area, months, prefixes, scope):
    """The statement of `completeness_by_child` and its parameters: one UNION ALL of

    - 'd': the communes under `prefixes` in force at some time in `months`, grouped by the
      child of `area` they lie under (a former unit: its own path) and their validity dates;
    - 'o': the reporting obligations of units under `prefixes` that overlap `months`, one by one;
    - 't': the tallies received for `months` from communes in force in their month that no
      obligation names, grouped by child (or former unit), with those received on time;
    - 'x': the tallies received for `months` from units that an obligation names, one by one, for
      the obligations' rule in Python;
    - 'u': the units directly under `area`, for the rows.

    Written as SQL: it runs on every dashboard and completeness page, and the ORM's overhead
    (its querysets and Q objects, compiled afresh each time, and a round trip for each) was most
    of its time. `scope` is the user's jurisdiction (prefixes), or EVERYWHERE."""
    areas, tallies, obligations = (
        Area._meta.db_table,
        MonthlyTally._meta.db_table,
        Obligation._meta.db_table,
    )
    ops = connection.ops
    sql, params = [], []

    def add(text, *values):
        sql.append(text)
        params.extend(values)

    under, under_params = prefix_sql("a.path", prefixes)
    if scope is not EVERYWHERE:
        seen, seen_params = prefix_sql("a.path", scope)
        under, under_params = f"{under} AND {seen}", [*under_params, *seen_params]
    own, own_params = prefix_sql("a.path", [area.path])
    prefix_len = (area.depth + 1) * Area.steplen
    bucket = f"CASE WHEN {own} THEN substr(a.path, 1, {prefix_len}) ELSE a.path END"
    first = ops.adapt_datefield_value(min(months))
    last = ops.adapt_datefield_value(month_end(max(months)))
    span = (
        "(a.valid_from IS NULL OR a.valid_from <= %s) AND (a.valid_to IS NULL OR a.valid_to >= %s)"
    )
    named = f"SELECT 1 FROM {obligations} o WHERE o.area_id = a.id AND o.kind = %s"
    # the months as constants too: the tallies' index on (month, status) is read with them
    received = (
        "t.status IN ("
        + ", ".join(["%s"] * len(RECEIVED))
        + ") AND t.month IN ("
        + ", ".join(["%s"] * len(months))
        + ")"
    )
    received_params = [*RECEIVED, *(ops.adapt_datefield_value(month) for month in months)]
    in_month = (
        "(a.valid_from IS NULL OR a.valid_from <= m.last_day) "
        "AND (a.valid_to IS NULL OR a.valid_to >= m.month)"
    )
    on_time = "CASE WHEN t.submitted_at < m.due THEN 1 ELSE 0 END"
    kind, commune = RecordKind.MONTHLY_TALLY.value, AreaLevel.COMMUNE.value
    D, N, T = _no("DATE"), _no("INTEGER"), _no("VARCHAR(200)")
    add(
        "WITH m(month, last_day, due) AS (VALUES "
        + ", ".join(["(%s, %s, %s)"] * len(months))
        + ")",
        *[
            value
            for month in months
            for value in (
                ops.adapt_datefield_value(month),
                ops.adapt_datefield_value(month_end(month)),
                ops.adapt_datetimefield_value(reporting_period(month).due_before),
            )
        ],
    )
    add(
        f"SELECT 'd', {bucket}, a.valid_from, a.valid_to, {D}, {D}, COUNT(*), {N}, {N}, {T}, {T} "
        f"FROM {areas} a WHERE a.level = %s AND {under} AND {span} GROUP BY 2, 3, 4",
        *own_params,
        commune,
        *under_params,
        last,
        first,
    )
    add(
        f"UNION ALL SELECT 'o', a.path, a.valid_from, a.valid_to, o.valid_from, o.valid_to, a.id, "
        f"a.level, CASE WHEN o.exempt THEN 1 ELSE 0 END, {T}, {T} "
        f"FROM {obligations} o JOIN {areas} a ON a.id = o.area_id WHERE o.kind = %s AND {under} "
        "AND (o.valid_from IS NULL OR o.valid_from <= %s) "
        "AND (o.valid_to IS NULL OR o.valid_to >= %s)",
        kind,
        *under_params,
        last,
        first,
    )
    add(
        f"UNION ALL SELECT 't', {bucket}, {D}, {D}, {D}, {D}, COUNT(*), SUM({on_time}), {N}, {T}, "
        f"{T} FROM {tallies} t JOIN {areas} a ON a.id = t.area_id JOIN m ON m.month = t.month "
        f"WHERE {received} AND a.level = %s AND {under} AND {span} AND {in_month} "
        f"AND NOT EXISTS ({named}) GROUP BY 2",
        *own_params,
        *received_params,
        commune,
        *under_params,
        last,
        first,
        kind,
    )
    add(
        f"UNION ALL SELECT 'x', {bucket}, t.month, {D}, {D}, {D}, a.id, {on_time}, {N}, {T}, {T} "
        f"FROM {tallies} t JOIN {areas} a ON a.id = t.area_id JOIN m ON m.month = t.month "
        f"WHERE {received} AND {under} AND EXISTS ({named})",
        *own_params,
        *received_params,
        *under_params,
        kind,
    )
    children, children_params = own, own_params
    if scope is not EVERYWHERE:
        children, children_params = f"{own} AND {seen}", [*own_params, *seen_params]
    add(
        "UNION ALL SELECT 'u', a.path, a.valid_from, a.valid_to, "
        f"{D}, {D}, a.id, a.level, a.depth, a.code, a.name "
        f"FROM {areas} a WHERE a.depth = %s AND {children}",
        area.depth + 1,
        *children_params,
    )
    return "\n".join(sql), params


def completeness_by_child(
    user, area: Area, months, *, past=None
) -> tuple[Counts, list[ChildCompleteness]]:
    """Completeness and timeliness over `months` of `area` and of each unit directly under it,
    the least complete first, in two statements whatever the number of units and months: the
    walk of successions (core/scoping.past_of: a former unit counts under the child it became
    part of, a divided one under its main successor only) and one UNION ALL of GROUP BYs over
    the children's path prefixes (`_by_child_sql`). `past`: the walk, where the caller has it."""
    months = sorted(set(months))
    total = Counts()
    if not months:
        return total, []
    scope = jurisdiction_paths(user, Action.VIEW)
    if not scope and scope is not EVERYWHERE:
        return total, []
    prefix_len = (area.depth + 1) * Area.steplen
    past = past_of([area.path]) if past is None else past
    sql, params = _by_child_sql(area, months, past.prefixes(), scope)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    buckets = {}

    def bucket_of(path):
        """The child of `area` (or the area itself) that a unit's reports count under, or None
        where they count outside it (a divided former unit's main successor)."""
        if path not in buckets:
            at = path if path.startswith(area.path) else past.counted_under(path)
            buckets[path] = None if at is None else at[:prefix_len]
        return buckets[path]

    spans = [(m, month_end(m)) for m in months]
    alias = connection.alias
    in_force = {}  # (valid from, valid to) → the number of `months` it overlaps
    expected, got, obligations, named, units = {}, {}, [], [], {}
    for tag, path, d1, d2, d3, d4, n1, n2, n3, code, name in rows:
        if tag == "d":
            start, end = _day(d1), _day(d2)
            if (start, end) not in in_force:
                in_force[start, end] = sum(
                    (start is None or start <= last) and (end is None or end >= first)
                    for first, last in spans
                )
            if (at := bucket_of(path)) is not None:
                expected[at] = expected.get(at, 0) + n1 * in_force[start, end]
        elif tag == "o":
            obligations.append((n1, path, n2, _day(d1), _day(d2), bool(n3), _day(d3), _day(d4)))
        elif tag == "t":
            if (at := bucket_of(path)) is not None:
                into = got.setdefault(at, [0, 0])
                into[0] += n1
                into[1] += n2 or 0
        elif tag == "x":
            named.append((path, _day(d1), n1, n2))
        else:
            units[path] = _area(
                alias,
                path=path,
                valid_from=_day(d1),
                valid_to=_day(d2),
                id=n1,
                level=n2,
                depth=n3,
                code=code,
                name=name,
            )
    adj = _adjust(obligations, months)
    for sign, per_month in ((1, adj.added), (-1, adj.exempt)):
        for units_of in per_month.values():
            for path in units_of.values():
                if (at := bucket_of(path)) is not None:
                    expected[at] = expected.get(at, 0) + sign
    # the tallies of units an obligation names: expected by default (a commune in force that
    # month) unless exempted, or added
    level_of = {row[0]: (row[2], row[3], row[4]) for row in obligations}
    for path, month, area_id, on_time in named:
        level, unit_from, unit_to = level_of[area_id]
        by_default = level == AreaLevel.COMMUNE and _overlaps(unit_from, unit_to, month)
        exempt = area_id in adj.exempt.get(month, {})
        if (by_default and not exempt) or area_id in adj.added.get(month, {}):
            if (at := bucket_of(path)) is not None:
                into = got.setdefault(at, [0, 0])
                into[0] += 1
                into[1] += on_time
    children = []
    for path, n in expected.items():
        if n <= 0 or (path != area.path and path not in units):
            continue
        received, on_time = got.get(path, (0, 0))
        counts = Counts(expected=n, received=received, on_time=on_time)
        total.expected += counts.expected
        total.received += counts.received
        total.on_time += counts.on_time
        children.append(
            ChildCompleteness(
                area=area if path == area.path else units[path],
                counts=counts,
                own=path == area.path,
            )
        )
    children.sort(key=lambda c: (c.counts.completeness or 0, c.counts.timeliness or 0, c.area.path))
    return total, children
