"""Reads for the dashboard: every declared indicator for an area and a period, the previous
period, and the breakdown by child areas — a few GROUP BY queries in all."""

from dataclasses import dataclass
from datetime import date

from antq.areas.models import Area
from antq.indicators import definitions
from antq.indicators.base import REGISTRY, compute, previous_period


@dataclass
class Figure:
    key: str
    name: str
    value: object
    previous: object
    denominator: object = None
    rate: object = None
    unit: str = "count"

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def dashboard(user, area: Area, date_from: date, date_to: date):
    keys = list(REGISTRY)
    now = compute(keys, user=user, area=area, date_from=date_from, date_to=date_to)
    before_from, before_to = previous_period(date_from, date_to)
    before = compute(keys, user=user, area=area, date_from=before_from, date_to=before_to)
    empty = type("Empty", (), {"value": lambda self, k: 0, "rate": lambda self, k: None})()
    cur, prev = now.get(area.path, empty), before.get(area.path, empty)
    groups = {}
    for key, ind in REGISTRY.items():
        groups.setdefault(ind.group, []).append(
            Figure(
                key=key,
                name=str(ind.name),
                value=cur.value(key),
                previous=prev.value(key),
                denominator=cur.value(ind.denominator) if ind.denominator else None,
                rate=cur.rate(key) if ind.denominator else None,
                unit=ind.unit,
            )
        )
    return [(definitions.GROUPS.get(g, g), figs) for g, figs in groups.items()]


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
    from antq.indicators.models import FrozenReport

    return FrozenReport.objects.visible_to(user).select_related("area", "signed_by")


def frozen_report_get(user, pk):
    """One signed report the user may see; 404 otherwise."""
    from django.http import Http404

    from antq.indicators.models import FrozenReport

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
