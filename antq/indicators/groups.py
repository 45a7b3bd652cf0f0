"""Indicator groups: the headings under which the dashboard and the period report arrange the
indicators, in a declared order, and the sentences a report writes on each group; and the
panels an app adds to the dashboard (its flags: overdue tips, units classified weak) and to the
home page (its cards).

An app declares its groups and panels in its own `indicators.py`, next to its indicators
(`base.declare`); `IndicatorsConfig.ready` imports every app's `indicators.py`. A group's
`sentences` take the area's figures (a `base.Result`) and a `wording.Formatter`, and return the
report's paragraphs.
"""

from collections.abc import Callable
from dataclasses import dataclass

from antq.indicators.registry import REGISTRY


@dataclass(frozen=True)
class Group:
    key: str
    heading: object  # lazy translated
    order: int  # groups read in ascending order, on the dashboard and in the report
    sentences: Callable | None = None  # (figures, fmt) -> [paragraph]


GROUPS: dict[str, Group] = {}


def declare_groups(*groups):
    for group in groups:
        if group.key in GROUPS:
            raise ValueError(f"indicator group {group.key} declared twice")
        GROUPS[group.key] = group
    return groups


def heading(key):
    group = GROUPS.get(key)
    return str(group.heading) if group else key


def arranged():
    """[(group key, [indicator keys])]: every listed indicator under its group, the groups in
    their declared order (a group nobody declared last), each group's indicators in the order
    they were declared."""
    keys = {}
    for key, ind in REGISTRY.items():
        if not ind.listed:
            continue
        keys.setdefault(ind.group, []).append(key)
    last = max((g.order for g in GROUPS.values()), default=0) + 1
    return sorted(
        keys.items(), key=lambda item: GROUPS[item[0]].order if item[0] in GROUPS else last
    )


def ordered_keys():
    """Every declared indicator key, group by group in the declared order."""
    return [key for _group, keys in arranged() for key in keys]


@dataclass(frozen=True)
class Panel:
    """A part of a page that an app fills: `read` gives what `template` shows, a dict merged
    into the page's context. On the dashboard `read(user, area, date_from, date_to)`; on the
    home page `read(user, roots)`, roots being the topmost areas of the user's jurisdiction."""

    key: str
    template: str
    read: Callable
    order: int


FLAGS: dict[str, Panel] = {}
CARDS: dict[str, Panel] = {}


def _declare(registry, panels):
    for panel in panels:
        if panel.key in registry:
            raise ValueError(f"panel {panel.key} declared twice")
        registry[panel.key] = panel
    return panels


def declare_flags(*panels):
    """Panels of the dashboard, above its groups."""
    return _declare(FLAGS, panels)


def declare_cards(*panels):
    """Cards of the home page, after the user's areas."""
    return _declare(CARDS, panels)


def flags():
    return sorted(FLAGS.values(), key=lambda panel: panel.order)


def cards():
    return sorted(CARDS.values(), key=lambda panel: panel.order)
