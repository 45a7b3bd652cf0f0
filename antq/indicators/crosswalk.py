"""Figures of former communes on today's units, through the old→new crosswalk (AreaSuccession).

A report with `boundaries="today"` shows a period on the units in force today. Records filed
under communes that were merged or divided away (the 2025 reform and the smaller waves before it)
are attributed to the commune that succeeded them: the crosswalk is read once, each former
commune is resolved to one unit in force today, and then each record type is aggregated with one
GROUP BY over the former communes' path prefixes — never a query per area.

Where a former commune was divided between several units, its figures go to one successor: the
one the crosswalk marks as the main successor (`is_default`, as the official conversion table
does), and among several (or none marked) the first by official code. Chains (a commune merged
in 2020 into one that was merged again in 2025) are followed to the unit in force today.

Who sees what: the figures of a former commune are counted for a user who may see the unit it
became (its ground is now that unit's); they are counts only. Lists of records (the
commendations) stay scoped by `visible_to`.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import Substr

from antq.areas.choices import AreaLevel
from antq.areas.models import Area, AreaSuccession
from antq.core.scoping import EVERYWHERE, Action, jurisdiction_paths
from antq.indicators.registry import aggregates, alias, period_q, record_groups, with_denominators


@dataclass
class Fold:
    """Former communes (path → successor path) counted under the report's area."""

    area: Area
    former: dict = field(default_factory=dict)  # former path → today's successor path
    names: dict = field(default_factory=dict)  # path → (code, name) for former and successors
    divided: set = field(default_factory=set)  # former paths that had several successors

    def outside(self):
        """Former communes not already in the area's own subtree (those compute() misses)."""
        return {p: s for p, s in self.former.items() if not p.startswith(self.area.path)}

    def by_successor(self):
        """[(successor path, [former paths])] by successor path."""
        out = defaultdict(list)
        for former, successor in self.former.items():
            out[successor].append(former)
        return sorted((s, sorted(f)) for s, f in out.items())


def _pick(links):
    """The one successor a former commune's figures go to (see the module's docstring)."""
    return min(links, key=lambda link: (not link[1], link[2], link[0]))[0]


def crosswalk(user, area: Area, day) -> Fold:
    """The former communes whose figures go to units in force on `day` under `area`, among the
    successors `user` may see. One query for the crosswalk, one for the names."""
    rows = AreaSuccession.objects.filter(
        predecessor__level=AreaLevel.COMMUNE, successor__level=AreaLevel.COMMUNE
    ).values_list(
        "predecessor__path",
        "predecessor__valid_to",
        "successor__path",
        "is_default",
        "successor__code",
        "successor__valid_from",
        "successor__valid_to",
    )
    links = defaultdict(list)
    alive = {}
    for pred, pred_to, succ, default, code, succ_from, succ_to in rows:
        links[pred].append((succ, default, code))
        alive[succ] = (succ_from is None or succ_from <= day) and (
            succ_to is None or succ_to >= day
        )
        alive.setdefault(pred, pred_to is None or pred_to >= day)
    paths = jurisdiction_paths(user, Action.VIEW)
    fold = Fold(area=area)
    for pred in links:
        if alive.get(pred):
            continue  # still in force: its records are counted where they are filed
        node, seen = pred, {pred}
        while node in links and not alive.get(node):
            node = _pick(links[node])
            if node in seen:
                break
            seen.add(node)
        if not alive.get(node) or not node.startswith(area.path):
            continue
        if paths is not EVERYWHERE and not any(node.startswith(p) for p in paths):
            continue
        fold.former[pred] = node
        if len(links[pred]) > 1:
            fold.divided.add(pred)
    wanted = set(fold.former) | set(fold.former.values())
    if wanted:
        fold.names = {
            path: (code, name)
            for path, code, name in Area.objects.filter(path__in=wanted).values_list(
                "path", "code", "name"
            )
        }
    return fold


def folded_values(keys, fold: Fold, date_from, date_to, bucket_len):
    """{report bucket path: {key: value}} for the records filed under the former communes outside
    the area: one GROUP BY per record type (and per depth of the former communes), bucketed by
    former commune, then each bucket moved to its successor's bucket (the area itself when
    `bucket_len` is the area's, else the successor's ancestor at that length)."""
    outside = fold.outside()
    out = defaultdict(dict)
    if not outside:
        return out
    by_len = defaultdict(list)
    for path in outside:
        by_len[len(path)].append(path)
    for model, path, inds in record_groups(with_denominators(keys)):
        for length, prefixes in by_len.items():
            rows = (
                model._base_manager.annotate(_former=Substr(path, 1, length))
                .filter(_former__in=prefixes)
                .filter(period_q(inds[0], date_from, date_to))
                .values("_former")
                .annotate(**aggregates(inds))
                .order_by()
            )
            for row in rows:
                successor = outside[row["_former"]]
                bucket = successor[:bucket_len] if len(successor) >= bucket_len else fold.area.path
                for ind in inds:
                    value = row[alias(ind.key)] or 0
                    out[bucket][ind.key] = out[bucket].get(ind.key, 0) + value
    return out


def merge(into: dict, extra: dict):
    """Add the values of `extra` ({bucket: {key: value}}) to `into` (same shape)."""
    for bucket, values in extra.items():
        target = into.setdefault(bucket, {})
        for key, value in values.items():
            target[key] = target.get(key, 0) + value
    return into
