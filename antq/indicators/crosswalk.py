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

Records filed at the level of a former district or province (its models, teams, organisations),
not under one of its communes, go to today's province: the one the district lies in when that
province is still in force, else the one its province became part of (a province-level
succession, followed as the communes' are). A province shared out between several (no
province-level succession) leaves them where they are filed.

Who sees what: the figures of a former commune are counted for a user who may see the unit it
became (its ground is now that unit's); they are counts only. Lists of records (the
commendations) stay scoped by `visible_to`.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import Substr

from antq.areas.choices import AreaLevel
from antq.areas.models import Area, AreaSuccession
from antq.core.scoping import EVERYWHERE, Action, jurisdiction_paths, main_successor
from antq.indicators.registry import aggregates, alias, period_q, record_groups, with_denominators


@dataclass
class Fold:
    """Former units (path → today's unit's path) whose figures are counted under the report's
    area: former communes, through the crosswalk; and the records filed at the level of a former
    district or province (`upper`), under today's province they became part of."""

    area: Area
    former: dict = field(default_factory=dict)  # former commune path → today's successor path
    names: dict = field(default_factory=dict)  # path → (code, name) for former and successors
    divided: set = field(default_factory=set)  # former paths that had several successors
    # former district or province path → today's province path: their own records (those filed
    # at a district's or a province's level, not those of their communes) go there
    upper: dict = field(default_factory=dict)

    def outside(self):
        """Former communes not already in the area's own subtree (those compute() misses)."""
        return {p: s for p, s in self.former.items() if not p.startswith(self.area.path)}

    def by_successor(self):
        """[(successor path, [former paths])] by successor path."""
        out = defaultdict(list)
        for former, successor in self.former.items():
            out[successor].append(former)
        return sorted((s, sorted(f)) for s, f in out.items())


def _links(level):
    """(links: predecessor path → [(successor path, is main, successor code)], alive: path →
    in force on the day) of the successions between units of `level`: one query."""
    return AreaSuccession.objects.filter(
        predecessor__level=level, successor__level=level
    ).values_list(
        "predecessor__path",
        "predecessor__valid_to",
        "successor__path",
        "is_default",
        "successor__code",
        "successor__valid_from",
        "successor__valid_to",
    )


def _followed(rows, area, day, paths):
    """{former path: the path of the unit in force on `day` under `area` it became (chains
    followed, one successor each)}, among those `paths` (the user's) cover; and the former paths
    that had several successors."""
    links = defaultdict(list)
    alive = {}
    for pred, pred_to, succ, default, code, succ_from, succ_to in rows:
        links[pred].append((succ, default, code))
        alive[succ] = (succ_from is None or succ_from <= day) and (
            succ_to is None or succ_to >= day
        )
        alive.setdefault(pred, pred_to is None or pred_to >= day)
    found, divided = {}, set()
    for pred in links:
        if alive.get(pred):
            continue  # still in force: its records are counted where they are filed
        node, seen = pred, {pred}
        while node in links and not alive.get(node):
            node = main_successor(links[node])
            if node in seen:
                break
            seen.add(node)
        if not alive.get(node) or not node.startswith(area.path):
            continue
        if paths is not EVERYWHERE and not any(node.startswith(p) for p in paths):
            continue
        found[pred] = node
        if len(links[pred]) > 1:
            divided.add(pred)
    return found, divided


def crosswalk(user, area: Area, day) -> Fold:
    """The former units whose figures go to units in force on `day` under `area`, among the
    successors `user` may see: former communes through the commune crosswalk, and former
    districts and provinces (their own records) to today's province (the one they lie in, or
    the one their province became part of). Five queries, whatever their number."""
    paths = jurisdiction_paths(user, Action.VIEW)
    fold = Fold(area=area)
    fold.former, fold.divided = _followed(_links(AreaLevel.COMMUNE), area, day, paths)
    provinces, _divided = _followed(_links(AreaLevel.PROVINCE), area, day, paths)
    fold.upper.update(provinces)
    # districts abolished while their province stayed in force: their records go to it
    province_len = 2 * Area.steplen  # the country is the root, provinces its children
    for path, province in (
        Area.objects.filter(level=AreaLevel.DISTRICT, valid_to__lt=day)
        .filter(path__startswith=area.path[:province_len])
        .annotate(_province=Substr("path", 1, province_len))
        .values_list("path", "_province")
    ):
        fold.upper.setdefault(path, province)
    alive = set(
        Area.objects.filter(path__in=set(fold.upper.values()))
        .active_on(day)
        .values_list("path", flat=True)
    )
    fold.upper = {
        p: s
        for p, s in fold.upper.items()
        if s in alive
        and s.startswith(area.path)
        and (paths is EVERYWHERE or any(s.startswith(j) for j in paths))
    }
    wanted = set(fold.former) | set(fold.former.values())
    if wanted:
        fold.names = {
            path: (code, name)
            for path, code, name in Area.objects.filter(path__in=wanted).values_list(
                "path", "code", "name"
            )
        }
    return fold


def moved_values(keys, fold: Fold, date_from, date_to):
    """{former path: {key: value}} for the records `fold` moves: those filed under each former
    commune (its subtree), and those filed at the level of each former district or province
    (not its communes'). One GROUP BY per record type and per kind and depth of former unit."""
    out = defaultdict(dict)
    groups = defaultdict(list)
    for path in fold.former:
        groups[(len(path), False)].append(path)
    for path in fold.upper:
        groups[(len(path), True)].append(path)
    if not groups:
        return out
    for model, path, inds in record_groups(with_denominators(keys)):
        level = path[: -len("path")] + "level"
        for (length, own), prefixes in groups.items():
            qs = model._base_manager.annotate(_former=Substr(path, 1, length)).filter(
                _former__in=prefixes
            )
            if own:
                qs = qs.filter(**{f"{level}__lte": AreaLevel.DISTRICT})
            rows = (
                qs.filter(period_q(inds[0], date_from, date_to))
                .values("_former")
                .annotate(**aggregates(inds))
                .order_by()
            )
            for row in rows:
                values = out[row["_former"]]
                for ind in inds:
                    values[ind.key] = values.get(ind.key, 0) + (row[alias(ind.key)] or 0)
    return out


def fold_into(by_child, total, fold: Fold, moved, child_len):
    """Move each former unit's values (`moved`) to the bucket of the unit it became: the child of
    the area it lies in (or the area itself, for what is filed at the area's level). Values of a
    former unit inside the area are already in `total` and in the bucket of the child they were
    filed under: they leave that bucket; those of one outside the area are added to `total`."""
    area_path = fold.area.path
    targets = fold.former | fold.upper

    def bucket(path):
        return path[:child_len] if len(path) >= child_len else area_path

    for former, values in moved.items():
        into = bucket(targets[former])
        if former.startswith(area_path):
            origin = bucket(former)
            if origin == into:
                continue
            merge(by_child, {origin: {k: -v for k, v in values.items()}})
        else:
            merge({area_path: total}, {area_path: values})
        merge(by_child, {into: values})


def merge(into: dict, extra: dict):
    """Add the values of `extra` ({bucket: {key: value}}) to `into` (same shape)."""
    for bucket, values in extra.items():
        target = into.setdefault(bucket, {})
        for key, value in values.items():
            target[key] = target.get(key, 0) + value
    return into


def distinct_units(keys, user, fold: Fold, date_from, date_to, child_len):
    """{bucket: {key: n}} for the indicators of `keys` that count distinct units by their path
    (`Indicator.unit_path`: a model's commune, its own unit or its village's), counted on
    today's units: each unit with a record is resolved through the crosswalk (a former commune
    to the unit it became), and each unit of today is counted once, however many former units
    it took in. The
    sums that fold_into makes of such a count would count a commune and the former communes it
    took in apart. Buckets as fold_into's (the area's path holds the total). Two queries a
    record type: the area's own records, and those of the former units outside it."""
    area_path = fold.area.path
    outside = [path for path in fold.former if not path.startswith(area_path)]
    out = defaultdict(dict)
    for model, path, inds in record_groups(keys):
        for ind in inds:
            if not ind.unit_path:
                continue
            mine = model.objects.visible_to(user).filter(**{f"{path}__startswith": area_path})
            units = set(_units_of(mine, ind, date_from, date_to))
            if outside:
                theirs = _units_of(model._base_manager.all(), ind, date_from, date_to)
                units |= set(theirs.filter(_unit__in=outside))
            today = {fold.former.get(unit, unit) for unit in units}
            today = {unit for unit in today if unit.startswith(area_path)}
            buckets = defaultdict(int)
            for unit in today:
                buckets[unit[:child_len] if len(unit) >= child_len else area_path] += 1
            out[area_path][ind.key] = len(today)
            for bucket, n in buckets.items():
                if bucket != area_path:
                    out[bucket][ind.key] = n
    return out


def _units_of(rows, ind, date_from, date_to):
    """The distinct units (`ind`'s expression, as `_unit`) of `rows` that `ind` counts."""
    return (
        rows.annotate(_unit=ind.measure[1])
        .filter(ind.where)
        .filter(period_q(ind, date_from, date_to))
        .values_list("_unit", flat=True)
        .distinct()
        .order_by()
    )
