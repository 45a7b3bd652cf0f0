"""Reads for the dashboard: every declared indicator for an area and a period, the previous
period, the breakdown by child areas, and the flags the apps declare (groups.Flag) — a few
GROUP BY queries in all, however many units there are."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.utils.formats import get_format
from django.utils.translation import gettext as _

from antq.areas import selectors as area_selectors
from antq.areas.models import Area
from antq.core.scoping import Action, can
from antq.indicators.compute import Result, compute
from antq.indicators.groups import arranged, heading, ordered_keys
from antq.indicators.registry import REGISTRY, previous_period


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
    keys = ordered_keys()
    now = compute(keys, user=user, area=area, date_from=date_from, date_to=date_to)
    before_from, before_to = previous_period(date_from, date_to)
    before = compute(keys, user=user, area=area, date_from=before_from, date_to=before_to)
    cur, prev = now.get(area.path, Result({})), before.get(area.path, Result({}))
    groups = []
    for group, group_keys in arranged():
        figures = []
        for key in group_keys:
            ind = REGISTRY[key]
            rate = bool(ind.denominator)
            figures.append(
                Figure(
                    key=key,
                    name=str(ind.name),
                    value=cur.figure(key),
                    previous=prev.figure(key),
                    denominator=cur.value(ind.denominator) if rate else None,
                    rate=cur.rate(key) if rate else None,
                    unit=ind.unit,
                    previous_denominator=prev.value(ind.denominator) if rate else None,
                    previous_rate=prev.rate(key) if rate else None,
                )
            )
        groups.append(Group(group, heading(group), figures))
    return groups


def totals(keys, user, areas) -> dict:
    """{key: value} of the indicators over the whole of `areas` (disjoint subtrees, such as the
    topmost areas of a jurisdiction), counting every record on file, with no period."""
    out = dict.fromkeys(keys, 0)
    for area in areas:
        result = compute(keys, user=user, area=area).get(area.path)
        for key in keys:
            out[key] += result.value(key) if result else 0
    return out


def _number(value):
    """A figure as JSON: sums of decimal fields come back as Decimal; one not reported is
    null."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


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
    highest first, those that did not report it (None) last; records attached to the area itself
    are left out of the ranking."""
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
        result = values.get(child.path) or Result({})
        rate = result.rate(key) if ind.denominator else None
        rows.append((child, result.figure(key), rate))
    rows.sort(key=lambda r: (r[1] is None, -(r[2] if r[2] is not None else r[1] or 0), r[0].name))
    return rows


def breadcrumbs(user, area: Area):
    """The chain from the country down to the area's parent, as (ancestor, may open its
    dashboard): units above the user's jurisdiction are shown as the address, not as links."""
    return [(a, can(user, Action.VIEW, a)) for a in area_selectors.area_ancestors(user, area)]
