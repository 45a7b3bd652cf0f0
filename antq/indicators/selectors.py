"""Reads for the dashboard: every declared indicator for an area and a period, the previous
period, the breakdown by child areas, and the flags (units with overdue tips, units classified
weak) — a few GROUP BY queries in all, however many units there are."""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Count, Exists, Max, OuterRef
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from antq.areas import selectors as area_selectors
from antq.areas.models import Area
from antq.core.scoping import Action, can
from antq.evaluations import selectors as evaluation_selectors
from antq.evaluations.models import Classification, ImprovementPlan
from antq.indicators import definitions
from antq.indicators.compute import compute
from antq.indicators.models import FrozenReport
from antq.indicators.registry import REGISTRY, previous_period
from antq.tips.models import Tip
from antq.tips.selectors import overdue_q

# The dashboard lists this many weak units; the weak-units page lists them all.
WEAK_SHOWN = 20


@dataclass
class Figure:
    key: str
    name: str
    value: object
    previous: object
    denominator: object = None
    rate: object = None
    unit: str = "count"
    previous_denominator: object = None
    previous_rate: object = None

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


class Group(NamedTuple):
    """One indicator group of the dashboard (`Indicator.group`), its figures in declared order."""

    key: str
    name: str
    figures: list


def dashboard(user, area: Area, date_from: date, date_to: date) -> list[Group]:
    keys = list(REGISTRY)
    now = compute(keys, user=user, area=area, date_from=date_from, date_to=date_to)
    before_from, before_to = previous_period(date_from, date_to)
    before = compute(keys, user=user, area=area, date_from=before_from, date_to=before_to)
    empty = type("Empty", (), {"value": lambda self, k: 0, "rate": lambda self, k: None})()
    cur, prev = now.get(area.path, empty), before.get(area.path, empty)
    groups = {}
    for key, ind in REGISTRY.items():
        rate = bool(ind.denominator)
        groups.setdefault(ind.group, []).append(
            Figure(
                key=key,
                name=str(ind.name),
                value=cur.value(key),
                previous=prev.value(key),
                denominator=cur.value(ind.denominator) if rate else None,
                rate=cur.rate(key) if rate else None,
                unit=ind.unit,
                previous_denominator=prev.value(ind.denominator) if rate else None,
                previous_rate=prev.rate(key) if rate else None,
            )
        )
    return [Group(g, str(definitions.GROUPS.get(g, g)), figs) for g, figs in groups.items()]


def _number(value):
    """A figure as JSON: sums of decimal fields come back as Decimal."""
    return int(value) if value is not None and value == int(value) else float(value or 0)


def _percent(rate):
    return None if rate is None else round(float(rate) * 100, 1)


def _panel_of(figure: Figure) -> str:
    """The panel a figure is drawn in: a rate as a percentage, never beside counts."""
    return "percent" if figure.denominator is not None else figure.unit


def group_charts(groups: list[Group]) -> dict:
    """What the dashboard's charts draw (one a group, through `json_script`), from the figures
    `dashboard()` computed, so no chart costs a query: per group up to three panels with their
    own value axis, this period against the previous one: counts, amounts in VND, and the rates
    as percentages. Numbers are formatted in the browser with the language's separators."""
    charts = []
    for group in groups:
        panels = []
        for unit, title in (
            ("count", ""),
            ("vnd", _("Amount (VND)")),
            ("percent", _("Share (%)")),
        ):
            figures = [f for f in group.figures if _panel_of(f) == unit]
            if not figures:
                continue
            panel = {
                "unit": unit,
                "axis": title,
                "keys": [f.key for f in figures],
                "names": [f.name for f in figures],
            }
            if unit == "percent":
                panel |= {
                    "current": [_percent(f.rate) for f in figures],
                    "previous": [_percent(f.previous_rate) for f in figures],
                    # the parts of each share, for the tooltip
                    "current_parts": [[_number(f.value), _number(f.denominator)] for f in figures],
                    "previous_parts": [
                        [_number(f.previous), _number(f.previous_denominator)] for f in figures
                    ],
                }
            else:
                panel |= {
                    "current": [_number(f.value) for f in figures],
                    "previous": [_number(f.previous) for f in figures],
                }
            panels.append(panel)
        charts.append({"group": group.key, "title": group.name, "panels": panels})
    return {
        "labels": {"current": _("This period"), "previous": _("Previous period")},
        "format": {
            "thousands": get_format("THOUSAND_SEPARATOR"),
            "decimal": get_format("DECIMAL_SEPARATOR"),
        },
        "charts": charts,
    }


def ranked_children(user, area: Area, key: str, date_from: date, date_to: date):
    """Children of `area` (units in force at the end of the period) with the indicator's value,
    highest first; records attached to the area itself are left out of the ranking."""
    values = compute(
        [key], user=user, area=area, date_from=date_from, date_to=date_to, by_child=True
    )
    children = list(
        Area.objects.visible_to(user)
        .filter(path__startswith=area.path, depth=area.depth + 1)
        .active_on(date_to)
    )
    ind = REGISTRY[key]
    rows = []
    for child in children:
        result = values.get(child.path)
        value = result.value(key) if result else 0
        rate = result.rate(key) if (result and ind.denominator) else None
        rows.append((child, value, rate))
    rows.sort(key=lambda r: (-(r[2] if r[2] is not None else r[1]), r[0].name))
    return rows


# --- signed (frozen) reports -------------------------------------------------------------


def frozen_report_list(user):
    """Signed reports of the areas the user may see, newest first."""
    return FrozenReport.objects.visible_to(user).select_related("area", "signed_by")


def frozen_report_get(user, pk):
    """One signed report the user may see; 404 otherwise."""
    try:
        return frozen_report_list(user).get(pk=pk)
    except (FrozenReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def frozen_report_find(user, area, date_from, date_to, boundaries):
    return (
        frozen_report_list(user)
        .filter(area=area, date_from=date_from, date_to=date_to, boundaries=boundaries)
        .first()
    )


@dataclass
class Difference:
    """A figure that changed since sign-off (a later correction)."""

    unit: str  # the unit's name ("" for the total of the report's area)
    code: str
    key: str
    name: str
    frozen: object
    current: object

    @property
    def change(self):
        return self.current - self.frozen


def frozen_differences(user, frozen):
    """Every figure of a signed report whose value today differs from the kept one: the total
    and each child unit, recomputed now (the same few GROUP BY queries as the report)."""
    from antq.indicators.reports import Figures, _plain, collect_figures

    kept = Figures.from_json(frozen.figures)
    now = collect_figures(user, frozen.area, kept.date_from, kept.date_to, kept.boundaries)
    pairs = [("", kept.area["code"], kept.total, now.total)]
    current_children = {c["code"]: c["values"] for c in now.children}
    for child in kept.children:
        pairs.append(
            (child["name"], child["code"], child["values"], current_children.get(child["code"], {}))
        )
    out = []
    for unit, code, before, after in pairs:
        after = _plain(after)
        for key, ind in REGISTRY.items():
            old, new = before.get(key, 0) or 0, after.get(key, 0) or 0
            if old != new:
                out.append(Difference(unit, code, key, str(ind.name), old, new))
    return out


def breadcrumbs(user, area: Area):
    """The chain from the country down to the area's parent, as (ancestor, may open its
    dashboard): units above the user's jurisdiction are shown as the address, not as links."""
    return [(a, can(user, Action.VIEW, a)) for a in area_selectors.area_ancestors(user, area)]


@dataclass
class OverdueFlag:
    """A unit directly under the shown area (or the area itself, `own`, for the tips held at
    it) with tips overdue today."""

    area: Area
    overdue: int
    own: bool = False


def overdue_by_child(user, area: Area, today: date | None = None) -> list[OverdueFlag]:
    """The units directly under `area` holding tips overdue on `today` (in their subtree), the
    most overdue first: one GROUP BY over the children's path prefixes, and one query for the
    units. Overdue is the tips' own rule (`tips.selectors.overdue_q`), a state of today, so the
    period shown does not change it."""
    today = today or timezone.localdate()
    prefix_len = (area.depth + 1) * Area.steplen
    rows = (
        Tip.objects.visible_to(user)
        .filter(overdue_q(today), area__path__startswith=area.path)
        .annotate(_bucket=Substr("area__path", 1, prefix_len))
        .values("_bucket")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["_bucket"]: row["n"] for row in rows}
    below = [path for path in counts if path != area.path]
    units = (
        {a.path: a for a in Area.objects.visible_to(user).filter(path__in=below)} if below else {}
    )
    flags = [
        OverdueFlag(
            area=area if path == area.path else units[path], overdue=n, own=path == area.path
        )
        for path, n in counts.items()
        if path == area.path or path in units
    ]
    flags.sort(key=lambda f: (-f.overdue, f.area.path))
    return flags


@dataclass
class WeakUnit:
    """A unit classified weak, with where it lies: its parent (the commune of a village) and the
    unit directly under the shown area that it belongs to, when those differ from the unit."""

    classification: Classification
    parent: Area | None = None
    under: Area | None = None


@dataclass
class WeakFlags:
    """The units under the shown area classified weak in `year` (the latest year within the
    period with any classification there), with their improvement plans; `units` holds the first
    WEAK_SHOWN of `total`, those without an improvement plan first."""

    year: int | None = None
    total: int = 0
    units: list = field(default_factory=list)


def weak_flags(user, area: Area, date_from: date, date_to: date) -> WeakFlags:
    """Five queries however many units: the latest classified year, the number of weak units,
    the units shown and their plans (one prefetch), and the units they lie in."""
    year = (
        Classification.objects.visible_to(user)
        .filter(area__path__startswith=area.path, year__gte=date_from.year, year__lte=date_to.year)
        .aggregate(year=Max("year"))["year"]
    )
    if year is None:
        return WeakFlags()
    # the units still without a plan first: they are the ones to act on
    weak = (
        evaluation_selectors.weak_units(user, area, year)
        .annotate(planned=Exists(ImprovementPlan.objects.filter(classification=OuterRef("pk"))))
        .order_by("planned", "area__path")
    )
    total = weak.count()
    shown = list(weak[:WEAK_SHOWN])
    prefix_len = (area.depth + 1) * Area.steplen
    # the parent and the unit under the shown area; neither above the shown area, where the
    # place goes without saying
    wanted = {
        c.pk: [
            path
            for path in {c.area.path[: -Area.steplen], c.area.path[:prefix_len]}
            if len(area.path) < len(path) < len(c.area.path)
        ]
        for c in shown
    }
    paths = {path for paths in wanted.values() for path in paths}
    places = (
        {a.path: a for a in Area.objects.visible_to(user).filter(path__in=paths)} if paths else {}
    )
    units = []
    for c in shown:
        parent = places.get(c.area.path[: -Area.steplen])
        under = places.get(c.area.path[:prefix_len])
        units.append(WeakUnit(c, parent=parent, under=under if under != parent else None))
    return WeakFlags(year=year, total=total, units=units)
