"""Every read of the reporting cycle, scoped: the obligations, and completeness and timeliness
(who was expected to report, who did, who did on time) for an area and period.

Who is expected for a tally month: every commune in force during that month (it overlaps the
unit's validity dates), plus the units an obligation adds, minus those an obligation exempts;
a unit is expected only in the months it is in force, whatever its obligations' dates say.
An area's past belongs to it: for a month before a reform, today's province expects the former
communes that became part of it (core/scoping.former_units), as they were in force then, and
its figures by child count each under the unit in force today that it became.
A report is received when its tally is submitted or approved, on time when it was submitted on
or before the period's due date (`periods.reporting_period`)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, Exists, F, OuterRef, Q, When
from django.db.models.functions import Substr, TruncMonth

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.core.scoping import Action, former_units, with_former_q
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
    it: `former`, from core/scoping.former_units, or none) that overlap `months`; an exemption
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
    it (`former`, core/scoping.former_units, walked here when not given): for a month before a
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


def completeness(user, area: Area, month: date) -> Completeness:
    """Each unit expected under `area` (itself included, and the former units that became part
    of it) for the tally month `month`, with its tally and state, those that have not reported
    first; two queries whatever the number of units, and those of the walk of successions."""
    period = reporting_period(month)
    units = (
        Area.objects.visible_to(user)
        .filter(expected_units_q(period.month, within=area))
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
        rows.append(UnitRow(area=unit, tally=tally, state=state, late=late))
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


def _span_q(months, prefix=""):
    """Units in force at some time between the first of `months` and the end of the last. For
    a commune it follows from being in force in one of them, so the filter changes no count;
    it lets PostgreSQL leave out the communes that ended (or began) outside the span before
    grouping or joining them: at the national level the ten thousand former communes."""
    return (
        Q(**{f"{prefix}valid_from__isnull": True})
        | Q(**{f"{prefix}valid_from__lte": month_end(max(months))})
    ) & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": min(months)}))


def _tally_filter(adj, months) -> Q:
    """The tallies of the units expected in their own month: a commune in force that month
    (its validity compared with the tally's month in SQL), unless exempted, or a unit added."""
    q = (
        Q(area__level=AreaLevel.COMMUNE)
        & (Q(area__valid_from__isnull=True) | Q(_from_month__lte=F("month")))
        & (Q(area__valid_to__isnull=True) | Q(area__valid_to__gte=F("month")))
        & _span_q(months, "area__")
    )
    for month, units in adj.exempt.items():
        q &= ~Q(month=month, area_id__in=list(units))
    for month, units in adj.added.items():
        q |= Q(month=month, area_id__in=list(units))
    return q


def _on_time_filter(months) -> Q:
    q = Q()
    for month in months:
        q |= Q(month=month, submitted_at__lt=reporting_period(month).due_before)
    return q


def _bucket_expr(lookup, path, prefix_len):
    """The child's path prefix of a unit under `path`; a former unit's own path (placed in
    Python by `_buckets`)."""
    return Case(
        When(**{f"{lookup}__startswith": path}, then=Substr(lookup, 1, prefix_len)),
        default=F(lookup),
    )


def _buckets(area, prefix_len, former):
    """path → the path of the child of `area` it counts under (or the area's own): a former
    unit under the child of today it became part of (`former`, core/scoping.former_units)."""

    def bucket_of(path):
        if path.startswith(area.path):
            return path[:prefix_len]
        target = former.get(path)
        if target is None:  # a unit under a former one, where that one went
            above = max((p for p in former if path.startswith(p)), key=len)
            target = former[above]
        return target[:prefix_len]

    return bucket_of


def completeness_by_child(user, area: Area, months) -> tuple[Counts, list[ChildCompleteness]]:
    """Completeness and timeliness over `months` of `area` and of each unit directly under it,
    the least complete first: one GROUP BY over the children's path prefixes for the expected
    units, one for the tallies received, one for the obligations and one for the units, and
    those of the walk of successions (a former unit counts under the child it became part
    of)."""
    months = sorted(months)
    total = Counts()
    if not months:
        return total, []
    prefix_len = (area.depth + 1) * Area.steplen
    former = former_units([area.path])
    bucket_of = _buckets(area, prefix_len, former)
    adj = adjustments(user, area, months, former=former)
    expected = {}
    defaults = (
        Area.objects.visible_to(user)
        .filter(with_former_q([area.path], former=former), level=AreaLevel.COMMUNE)
        .filter(_span_q(months))  # the others are in force in none of the months
        .annotate(_bucket=_bucket_expr("path", area.path, prefix_len))
        .values("_bucket", "valid_from", "valid_to")
        .annotate(n=Count("id"))
        .order_by()
    )
    spans = [(m, month_end(m)) for m in months]
    for row in defaults:  # the children's communes grouped by their validity dates
        start, end = row["valid_from"], row["valid_to"]
        in_force = sum(
            (start is None or start <= last) and (end is None or end >= first)
            for first, last in spans
        )
        bucket = bucket_of(row["_bucket"])
        expected[bucket] = expected.get(bucket, 0) + row["n"] * in_force
    for sign, per_month in ((1, adj.added), (-1, adj.exempt)):
        for units in per_month.values():
            for path in units.values():
                bucket = bucket_of(path)
                expected[bucket] = expected.get(bucket, 0) + sign
    received = (
        MonthlyTally.objects.visible_to(user)
        .filter(with_former_q([area.path], "area__path", former=former), status__in=RECEIVED)
        .filter(month__in=months)
        .alias(_from_month=TruncMonth("area__valid_from"))
        .filter(_tally_filter(adj, months))
        .annotate(_bucket=_bucket_expr("area__path", area.path, prefix_len))
        .values("_bucket")
        .annotate(received=Count("id"), on_time=Count("id", filter=_on_time_filter(months)))
        .order_by()
    )
    got = {}
    for row in received:
        into = got.setdefault(bucket_of(row["_bucket"]), {"received": 0, "on_time": 0})
        into["received"] += row["received"]
        into["on_time"] += row["on_time"]
    below = [path for path in expected if path != area.path]
    units = (
        {a.path: a for a in Area.objects.visible_to(user).filter(path__in=below)} if below else {}
    )
    children = []
    for path, n in expected.items():
        if n <= 0 or (path != area.path and path not in units):
            continue
        row = got.get(path, {})
        counts = Counts(expected=n, received=row.get("received", 0), on_time=row.get("on_time", 0))
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
