"""Periods that close (khóa số liệu kỳ báo cáo), in one place.

A period is the deployment's reporting period (ANTQ_REPORT_PERIOD, reporting/periods.py): the
one answered by the monthly tally of month M, which is the calendar month M by default, or 15
(M-1) to 14 M with `cutoff15`. A day lies in the period of `periods.month_of_day(day)`; a period
is named, closed and reopened by its tally month.

A period closes for a unit, and for every unit below it, when
(a) the unit's monthly tally for that period is approved (today's TallyStatus.APPROVED:
    approved by the level above), or
(b) a signed report on the unit or a unit above it covers the day (and, for a former unit, a
    report on today's boundaries on the unit it became or one above that: its figures count the
    former unit's records through the crosswalk), or
(c) data entry has expired: ANTQ_ENTRY_EXPIRY_DAYS after the period's last day (0: never), as
    DHIS2's expiry days.
A valid lock exception (LockException) for the unit or one above it (or, for a former unit, for
the unit it became or one above that), for the period's tally month, reopens it; the writes it
lets through are logged (ExceptionWrite) for the signed report's "changes since".

Which records count, and the dates and place that put a record in a period, are the
indicators' own: the record types the rollup keeps (rollup.plans), their indicators'
`date_field` and `end_field`, and the area their figures roll up from. `rule` is installed in the
write path (core/locks.py) by the reports app's ready().
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, DateField, F, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antq.areas.models import Area, AreaSuccession
from antq.indicators.rollup.plans import dependencies, plans
from antq.reporting.periods import month_of_day, period_text, reporting_period
from antq.reports.models import (
    Boundaries,
    ExceptionWrite,
    FrozenReport,
    LockException,
    WriteKind,
)
from antq.tallies.choices import TallyStatus
from antq.tallies.models import MonthlyTally

# A tally's status is its approval workflow (tallies/services.py), which is what closes and
# reopens its month: a step of it is not data entry.
WORKFLOW_FIELDS = {MonthlyTally: {"status"}}


@dataclass(frozen=True)
class Dated:
    """Where and when a counted model's records lie."""

    area: str  # the attribute path from a record to its area ("area", "tip__area")
    dates: tuple  # its own date fields that place it in a period
    counted: frozenset  # the fields whose change moves a figure


@cache
def dated(model):
    """How `model`'s records lie in periods; None for a model no period's figures count."""
    plan = plans().get(model)
    if plan is None or not plan.leaf.endswith("area__path"):
        return None
    dependencies()  # completes plan.fields
    dates = {
        name
        for ind in plan.indicators
        for name in (ind.date_field, ind.end_field)
        if name and "__" not in name
    }
    if not dates:
        return None
    counted = frozenset(plan.fields) - WORKFLOW_FIELDS.get(model, set())
    return Dated(plan.leaf.removesuffix("__path"), tuple(sorted(dates)), counted)


@dataclass(frozen=True)
class Closure:
    """Why a unit's month is closed, and the exception that reopens it (or None)."""

    cause: str  # "tally", "report" or "expiry"
    unit: Area  # the unit the record lies in
    month: date
    tally: MonthlyTally = None
    report: FrozenReport = None
    exception: LockException = None

    def message(self):
        period = period_text(self.month)
        if self.cause == "tally":
            approved = self.tally.approved_at
            return _(
                "{period} of {unit} was closed when its monthly tally was approved by {person} "
                "on {day}."
            ).format(
                period=period,
                unit=self.tally.area.name,
                person=self.tally.approved_by.person_label if self.tally.approved_by else "—",
                day=date_format(timezone.localdate(approved), "SHORT_DATE_FORMAT")
                if approved
                else "—",
            )
        if self.cause == "report":
            report = self.report
            return _(
                "{period} of {unit} was closed by the signed report on {report_unit} for "
                "{date_from} – {date_to}, signed by {person} on {day}."
            ).format(
                period=period,
                unit=self.unit.name,
                report_unit=report.area.name,
                date_from=date_format(report.date_from, "SHORT_DATE_FORMAT"),
                date_to=date_format(report.date_to, "SHORT_DATE_FORMAT"),
                person=report.signer_name,
                day=date_format(timezone.localdate(report.signed_at), "SHORT_DATE_FORMAT"),
            )
        days = settings.ANTQ_ENTRY_EXPIRY_DAYS
        return ngettext(
            "{period} of {unit} was closed: entry closes {n} day after the period ends, on {end}.",
            "{period} of {unit} was closed: entry closes {n} days after the period ends, on {end}.",
            days,
        ).format(
            period=period,
            unit=self.unit.name,
            n=days,
            end=date_format(reporting_period(self.month).end, "SHORT_DATE_FORMAT"),
        )

    def refusal(self):
        return "{} {}".format(
            self.message(), _("An approver above the unit may grant a lock exception.")
        )


def _ancestors(path):
    step = Area.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def expired(month, today):
    """Whether entry into the period of the tally month `month` has expired by `today`
    (ANTQ_ENTRY_EXPIRY_DAYS after the period's last day)."""
    days = settings.ANTQ_ENTRY_EXPIRY_DAYS
    return bool(days) and today > reporting_period(month).end + timedelta(days=days)


def _candidates(paths, months, first, last, today):
    """What may close or reopen the periods of the units at `paths` (each write's area and its
    ancestors), in one statement (UNION ALL): the approved tallies of `months`, the signed
    reports over `first`–`last`, the valid exceptions for `months`, and the successions from a
    unit of `paths` that has ended (its records count, with today's boundaries, under the unit
    it became). Rows (kind, pk, path, date, date, text)."""
    none_date, none_text = (
        Value(None, output_field=DateField()),
        Value("", output_field=CharField()),
    )

    def rows(qs, kind, path, d1, d2=none_date, text=none_text):
        return (
            qs.order_by()
            .annotate(
                _k=Value(kind, output_field=CharField()),
                _i=F("pk"),
                _p=F(path),
                _d1=d1,
                _d2=d2,
                _t=text,
            )
            .values_list("_k", "_i", "_p", "_d1", "_d2", "_t")
        )

    tallies = rows(
        MonthlyTally.objects.filter(
            status=TallyStatus.APPROVED, area__path__in=paths, month__in=months
        ),
        "t",
        "area__path",
        F("month"),
    )
    reports = rows(
        FrozenReport.objects.filter(area__path__in=paths, date_from__lte=last, date_to__gte=first),
        "r",
        "area__path",
        F("date_from"),
        F("date_to"),
        F("boundaries"),
    )
    exceptions = rows(
        LockException.objects.filter(
            area__path__in=paths, month__in=months, revoked_at__isnull=True, ends_on__gte=today
        ),
        "e",
        "area__path",
        F("month"),
    )
    successions = rows(
        AreaSuccession.objects.filter(predecessor__path__in=paths, predecessor__valid_to__lt=today),
        "s",
        "successor__path",
        none_date,
        text=F("predecessor__path"),
    )
    return list(tallies.union(reports, exceptions, successions, all=True))


def _successions(found, asked, today):
    """{former unit's path: {paths of the units it became}}: the successions from ended units
    (`found`, the first step, read with the candidates), followed along chains (2019 → 2021 →
    2025): one query per further step, only for writes into former units."""
    became, asked = {}, set(asked)
    for predecessor, successor in found:
        became.setdefault(predecessor, set()).add(successor)
    frontier = {a for targets in became.values() for t in targets for a in _ancestors(t)}
    while frontier - asked:
        ask = frontier - asked
        asked |= ask
        rows = AreaSuccession.objects.filter(
            predecessor__path__in=ask, predecessor__valid_to__lt=today
        ).values_list("predecessor__path", "successor__path")
        frontier = set()
        for predecessor, successor in rows:
            became.setdefault(predecessor, set()).add(successor)
            frontier.update(_ancestors(successor))
    return became


def _became(path, became):
    """The paths of the units that the unit at `path` (or a unit above it) became, along
    chains."""
    out, stack = set(), [path]
    while stack:
        for above in _ancestors(stack.pop()):
            for successor in became.get(above, ()):
                if successor not in out:
                    out.add(successor)
                    stack.append(successor)
    return out


def closed_periods(areas_and_dates, *, today=None):
    """{(area path, day): Closure} for each (area, day) whose reporting period is closed for
    that area, with the valid exception that reopens it, if any.

    One statement whatever the number of pairs (one write, or an import's chunk) when nothing is
    closed; the closing tallies, reports and exceptions are then read for the messages (a query
    each, on refusal or under an exception only). A former unit (ended, and become part of a
    unit in force) is also closed by a report signed on today's boundaries on the unit it became
    or one above it, whose figures count its records through the crosswalk, and reopened by an
    exception granted there: a query per step of its chain of successions, and one for those
    reports and exceptions. A former unit divided between several units is closed by a report
    on any of them (its ground is in each)."""
    today = today or timezone.localdate()
    pairs = {(area.path, day): area for area, day in areas_and_dates}
    if not pairs:
        return {}
    # the units and the days, each once (an import's chunk pairs few units with many days)
    paths = {a for path in {path for path, _day in pairs} for a in _ancestors(path)}
    days = {day for _path, day in pairs}
    period_of = {day: month_of_day(day) for day in days}
    months = set(period_of.values())
    tallies, reports, exceptions, found = {}, [], {}, []
    for kind, pk, path, first, last, text in _candidates(
        paths, months, min(days), max(days), today
    ):
        if kind == "t":
            tallies[path, first] = pk
        elif kind == "r":
            reports.append((pk, path, first, last, text))
        elif kind == "e":  # the latest granted, where several are valid
            exceptions[path, first] = max(pk, exceptions.get((path, first), pk))
        else:
            found.append((text, path))
    became = _successions(found, paths, today) if found else {}
    now_paths = {}  # write's path → the ancestors of the units it became (today's boundaries)
    if became:
        for path in {path for path, _day in pairs}:
            now_paths[path] = {a for unit in _became(path, became) for a in _ancestors(unit)}
        _read_today(set().union(*now_paths.values()), months, days, today, reports, exceptions)
    if not tallies and not reports and not any(expired(month, today) for month in months):
        # nothing closes any of the periods (a back-fill's usual case): no pair to go through
        return {}
    reports.sort()
    out = {}
    # what depends only on the unit, or on the unit and the month, is read once for the pairs
    # that share it (an import's chunk holds many days of few units)
    ancestors_of, tally_of, expired_of = {}, {}, {}
    for (path, day), area in pairs.items():
        month = period_of[day]
        ancestors = ancestors_of.get(path)
        if ancestors is None:
            ancestors = ancestors_of[path] = _ancestors(path)
        now = now_paths.get(path, set())
        closure = None
        if (path, month) in tally_of:
            tally = tally_of[path, month]
        else:
            tally = tally_of[path, month] = next(
                (tallies[a, month] for a in ancestors if (a, month) in tallies), None
            )
        if tally is not None:
            closure = Closure("tally", area, month, tally=tally)
        else:
            report = next(
                (
                    pk
                    for pk, at, first, last, boundaries in reports
                    if first <= day <= last
                    and (path.startswith(at) or (boundaries == Boundaries.TODAY and at in now))
                ),
                None,
            )
            if month not in expired_of:
                expired_of[month] = expired(month, today)
            if report is not None:
                closure = Closure("report", area, month, report=report)
            elif expired_of[month]:
                closure = Closure("expiry", area, month)
        if closure is not None:
            exception = next(
                (
                    exceptions[a, month]
                    for a in [*ancestors, *sorted(now, key=len, reverse=True)]
                    if (a, month) in exceptions
                ),
                None,
            )
            out[path, day] = replace(closure, exception=exception)
    return _with_objects(out)


def _read_today(paths, months, days, today, reports, exceptions):
    """Add to `reports` and `exceptions` those on the units (and above) that former units
    became: one query."""
    if not paths:
        return
    known = {r[0] for r in reports}
    extra = list(
        FrozenReport.objects.filter(
            area__path__in=paths,
            boundaries=Boundaries.TODAY,
            date_from__lte=max(days),
            date_to__gte=min(days),
        )
        .exclude(pk__in=known)
        .order_by()
        .annotate(
            _k=Value("r", output_field=CharField()),
            _p=F("area__path"),
            _d1=F("date_from"),
            _d2=F("date_to"),
        )
        .values_list("_k", "pk", "_p", "_d1", "_d2")
        .union(
            LockException.objects.filter(
                area__path__in=paths, month__in=months, revoked_at__isnull=True, ends_on__gte=today
            )
            .order_by()
            .annotate(
                _k=Value("e", output_field=CharField()),
                _p=F("area__path"),
                _d1=F("month"),
                _d2=Value(None, output_field=DateField()),
            )
            .values_list("_k", "pk", "_p", "_d1", "_d2"),
            all=True,
        )
    )
    for kind, pk, path, first, last in extra:
        if kind == "r":
            reports.append((pk, path, first, last, Boundaries.TODAY))
        else:
            exceptions[path, first] = max(pk, exceptions.get((path, first), pk))


def _with_objects(out):
    """The closures with their tally, report and exception read (a query for each kind that
    closes or reopens something), for the messages and the log of the writes."""
    wanted = {"tally": set(), "report": set(), "exception": set()}
    for closure in out.values():
        for name in wanted:
            if getattr(closure, name) is not None:
                wanted[name].add(getattr(closure, name))
    if not any(wanted.values()):
        return out
    loaded = {
        name: {o.pk: o for o in qs.filter(pk__in=pks)} if pks else {}
        for name, qs, pks in (
            ("tally", MonthlyTally.objects.select_related("area", "approved_by"), wanted["tally"]),
            ("report", FrozenReport.objects.select_related("area", "signed_by"), wanted["report"]),
            ("exception", LockException.objects.select_related("area"), wanted["exception"]),
        )
    }
    return {
        key: replace(
            closure,
            **{
                name: loaded[name][getattr(closure, name)]
                for name in wanted
                if getattr(closure, name) is not None
            },
        )
        for key, closure in out.items()
    }


def _follow(record, chain):
    for name in chain.split("__"):
        record = getattr(record, name, None)
        if record is None:
            return None
    return record


def _old_rows(model, how, records):
    """The stored values of the counted fields (and the area's path) of the records being
    changed, by pk: one query."""
    pks = [r.pk for r in records if r.pk is not None and not r._state.adding]
    if not pks:
        return {}
    names = how.counted | set(how.dates)
    fields = {f.name: f.attname for f in model._meta.concrete_fields if f.name in names}
    rows = model._base_manager.filter(pk__in=pks).values(
        "pk", f"{how.area}__path", *fields.values()
    )
    return {
        row["pk"]: {
            **{name: row[attname] for name, attname in fields.items()},
            "": row[f"{how.area}__path"],
        }
        for row in rows
    }


def _touched(record, how, old, deleting):
    """[(date field, area path or area, day)]: the days a write of `record` moves figures on."""
    area = _follow(record, how.area)
    if area is None:
        return []
    now = [(name, area, getattr(record, name)) for name in how.dates]
    if old is None:  # a new record
        return [t for t in now if t[2]]
    if deleting:  # what is stored goes, whatever the instance holds
        return [(name, old[""], old.get(name)) for name in how.dates if old.get(name)]
    changed = {
        name
        for name in how.counted
        if old.get(name) != getattr(record, record._meta.get_field(name).attname)
    }
    if not changed:
        return []
    names = changed if changed <= set(how.dates) else set(how.dates)
    before = [(name, old[""], old.get(name)) for name in names]
    return [t for t in now if t[0] in names and t[2]] + [t for t in before if t[2]]


def _touched_new(records, how):
    """[(index, (date field, area, day))] of records none of which is stored: what `_touched`
    gives each of them (its unit's days, those set), in one loop."""
    touched = []
    for i, record in enumerate(records):
        area = _follow(record, how.area)
        if area is not None:
            touched.extend(
                (i, (name, area, day)) for name in how.dates if (day := getattr(record, name))
            )
    return touched


def rule(records, *, acting_user, deleting):
    """The write path's check (core/locks.install): refuse records dated into a closed period,
    and log those an exception lets through once they are written."""
    model = type(records[0])
    how = dated(model)
    if how is None:
        return {}, lambda: None
    olds = _old_rows(model, how, records)
    if olds:
        touched = [
            (i, t)
            for i, r in enumerate(records)
            for t in _touched(r, how, olds.get(r.pk), deleting)
        ]
    else:  # none stored yet (an import's chunk): each as `_touched` reads a new record
        touched = _touched_new(records, how)
    old_paths = {place for _i, (_n, place, _d) in touched if isinstance(place, str)}
    units = {a.path: a for a in Area.objects.filter(path__in=old_paths)} if old_paths else {}
    touched = [
        (i, (n, units.get(p, p) if isinstance(p, str) else p, d)) for i, (n, p, d) in touched
    ]
    touched = [(i, t) for i, t in touched if isinstance(t[1], Area)]
    closed = closed_periods([(area, day) for _i, (_n, area, day) in touched])
    refused, opened = {}, {}
    for i, (name, area, day) in touched:
        closure = closed.get((area.path, day))
        if closure is None:
            continue
        if closure.exception is None:
            refused.setdefault(i, (name, closure.refusal()))
        else:
            opened.setdefault(i, (area, day, closure.exception))
    if refused or not opened:
        return refused, lambda: None
    kind = (
        WriteKind.DELETED
        if deleting
        else {i: WriteKind.CHANGED if records[i].pk in olds else WriteKind.CREATED for i in opened}
    )
    ids = {i: records[i].pk for i in opened}

    def log():
        content_type = ContentType.objects.get_for_model(model)
        by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        ExceptionWrite.objects.bulk_create(
            ExceptionWrite(
                exception=exception,
                area=area,
                content_type=content_type,
                object_id=str(records[i].pk or ids[i]),
                object_label=str(records[i])[:255],
                kind=kind if deleting else kind[i],
                dated=day,
                by=by,
            )
            for i, (area, day, exception) in opened.items()
        )

    return refused, log
