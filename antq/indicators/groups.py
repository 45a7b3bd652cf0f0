"""Indicator groups: the headings under which the dashboard and the period report arrange the
indicators, in a declared order, and the sentences a report writes on each group.

An app declares its groups in its own `indicators.py`, next to its indicators (`base.declare`);
`IndicatorsConfig.ready` imports every app's `indicators.py`. A group's `sentences` take the
area's figures (a `base.Result`) and a `wording.Formatter`, and return the report's paragraphs.
"""

from collections.abc import Callable
from dataclasses import dataclass

from antq.indicators.base import REGISTRY


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
    """[(group key, [indicator keys])]: every declared indicator under its group, the groups in
    their declared order (a group nobody declared last), each group's indicators in the order
    they were declared."""
    keys = {}
    for key, ind in REGISTRY.items():
        keys.setdefault(ind.group, []).append(key)
    last = max((g.order for g in GROUPS.values()), default=0) + 1
    return sorted(
        keys.items(), key=lambda item: GROUPS[item[0]].order if item[0] in GROUPS else last
    )


def ordered_keys():
    """Every declared indicator key, group by group in the declared order."""
    return [key for _group, keys in arranged() for key in keys]
