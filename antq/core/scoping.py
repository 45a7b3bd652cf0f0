"""Jurisdiction: who may do what, where. The one place that decides it.

A user holds roles at areas (accounts.RoleAssignment). A role at an area covers the area's
whole subtree, so "may this user do X to records of area A" is "is A's materialised path
prefixed by the path of an area where the user holds a role that allows X". Every scoped
queryset filters through :func:`scope_q`; every single-object check goes through :func:`can`.

The past belongs to the present: units that ended (before the 2025 reform, or in the merger
waves before it) are nodes of their own, under the former provinces and districts, linked to
the units they became by AreaSuccession. A role also covers the former units that became part of
its area or of any unit under it, through chains of successions, so that a province's users
open, change and report on the records filed under their province's past (:func:`_reach`).
The same walk for an area itself, not a user's roles, is :func:`past_of` (and :func:`former_units`).
"""

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from django.apps import apps
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver")
    ADMINISTRATOR = "administrator", _("Administrator")


ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.APPROVER: 3, Role.ADMINISTRATOR: 4}


class Action(models.TextChoices):
    """What a user wants to do with records. List, read and count are all VIEW."""

    VIEW = "view", _("view")
    EXPORT = "export", _("export")
    CHANGE = "change", _("change")
    APPROVE = "approve", _("approve")
    ADMINISTER = "administer", _("administer")


ACTION_MIN_RANK = {
    Action.VIEW: ROLE_RANK[Role.VIEWER],
    Action.EXPORT: ROLE_RANK[Role.VIEWER],
    Action.CHANGE: ROLE_RANK[Role.EDITOR],
    Action.APPROVE: ROLE_RANK[Role.APPROVER],
    Action.ADMINISTER: ROLE_RANK[Role.ADMINISTRATOR],
}

EVERYWHERE = None  # returned for superusers: no restriction


def _minimal_prefixes(paths):
    """Drop paths already covered by a shorter prefix in the same set."""
    kept = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(p) for p in kept):
            kept.append(path)
    return tuple(sorted(kept))


def _covering(path, prefixes):
    """The prefix of `prefixes` (minimal, so disjoint) under which `path` lies, or None."""
    return next((p for p in prefixes if path.startswith(p)), None)


def _any_prefix_q(lookup, prefixes, *, ranged=False):
    """Paths under any of `prefixes`. `ranged` adds each subtree's interval of paths, as
    treebeard bounds its own subtree queries, so that SQLite reads the path index instead of
    scanning the table (its LIKE cannot use one)."""
    q = Q()
    for prefix in prefixes:
        subtree = Q(**{f"{lookup}__startswith": prefix})
        if ranged:
            last = _path_alphabet()[-1] * (_path_length() - len(prefix))
            subtree &= Q(**{f"{lookup}__range": (prefix, prefix + last)})
        q |= subtree
    return q


def _path_alphabet():
    return apps.get_model("areas", "Area").alphabet


def _path_length():
    return apps.get_model("areas", "Area")._meta.get_field("path").max_length


class Reach(NamedTuple):
    """The paths a set of roles covers: the role areas' subtrees and the former units that became
    part of them (see :func:`_reach`). `above` maps the paths of the former units that the roles
    cover from above, not at their own level, to the path of the area above them: a commune's
    role covers the former communes it was made from as its own level, a province's role covers
    them from the province."""

    paths: tuple
    above: dict


def _reach(role_paths):
    """The role paths and, transitively through AreaSuccession, the former units that became
    part of any unit under them, as minimal prefixes: a former province's path covers its former
    districts and communes. A former unit divided between several units is covered for each.

    Only units that have ended (valid_to before today) are followed: a unit still in force that
    ceded part of its ground stays its own users' alone. Never a unit's ancestors: a commune's
    role reaches the former communes it was made from, not the former district above them.

    One query per step of the longest chain of successions (2019 → 2021 → 2025 is two steps),
    plus one that finds nothing: each asks for the successions whose successor lies under the
    paths found by the step before."""
    roles = _minimal_prefixes(role_paths)
    Area = apps.get_model("areas", "Area")
    if any(len(path) == Area.steplen for path in roles):
        return Reach(roles, {})  # a root's subtree holds every unit, past ones too
    covered, above, frontier = roles, {}, roles
    today = date.today()
    AreaSuccession = apps.get_model("areas", "AreaSuccession")
    while frontier:
        rows = (
            AreaSuccession.objects.filter(
                _any_prefix_q("successor__path", frontier, ranged=True),
                predecessor__valid_to__lt=today,
            )
            .exclude(_any_prefix_q("predecessor__path", covered))
            .values_list("predecessor__path", "successor__path")
        )
        found = {}  # former path → the area above it, or None where it is the role's own level
        for predecessor, successor in rows:
            via = _covering(successor, covered)
            found[predecessor] = found.get(predecessor) or (
                via if len(successor) > len(via) else above.get(via)
            )
        new = _minimal_prefixes([*covered, *found])
        frontier = tuple(p for p in new if p not in covered)
        above = {p: up for p in new if (up := above.get(p) or found.get(p))}
        covered = new
    return Reach(covered, above)


@cache
def _steplen():
    return apps.get_model("areas", "Area").steplen


def _ancestors_or_self(path):
    step = _steplen()
    return [path[:end] for end in range(step, len(path) + 1, step)]


def covering_paths(paths) -> dict[str, dict[str, bool]]:
    """The inverse of :func:`_reach`, for telling people of a record: for each of `paths` (an
    area's), the paths of the areas where a role covers it, each with whether it covers it from
    above (as :func:`can_at_higher_level` reads it) or at its own level.

    Those are the area's ancestors and itself, and, through AreaSuccession, the ancestors of the
    units that it (or a former unit above it) became, and so on along chains of successions:
    today's commune, and the province above it, hold the records of the former commune that
    became part of it, whose own former district and province nobody holds any more. As in
    :func:`_reach`, only units that have ended are followed. A role covers the area at its own
    level only at the area itself or at a unit it became through successions alone (the former
    commune's successor); everywhere else it covers it from above.

    One query per step of the longest chain, for all of `paths` at once."""
    today = date.today()
    AreaSuccession = apps.get_model("areas", "AreaSuccession")
    became = {}  # predecessor path → successor paths
    seen = set()
    frontier = {a for path in paths for a in _ancestors_or_self(path)}
    while frontier:
        seen |= frontier
        rows = AreaSuccession.objects.filter(
            predecessor__path__in=sorted(frontier), predecessor__valid_to__lt=today
        ).values_list("predecessor__path", "successor__path")
        found = set()
        for predecessor, successor in rows:
            became.setdefault(predecessor, []).append(successor)
            found.update(_ancestors_or_self(successor))
        frontier = found - seen
    out = {}
    for path in paths:
        above = {}  # covering path → covers from above
        todo, done = [(path, False)], set()
        while todo:
            node, from_above = todo.pop()
            if (node, from_above) in done:
                continue
            done.add((node, from_above))
            above[node] = above.get(node, False) or from_above
            todo.extend((a, True) for a in _ancestors_or_self(node)[:-1])
            todo.extend((s, from_above) for s in became.get(node, ()))
        out[path] = above
    return out


def main_successor(links):
    """Of a former unit's successions [(successor path, is main, successor code), ...], the one
    its figures and its reports count under: the main successor (`is_default`, as the official
    conversion table marks it), and among several marked, or none, the first by official code."""
    return min(links, key=lambda link: (not link[1], link[2], link[0]))[0]


def prefix_sql(column, prefixes, *, both=False):
    """SQL for `column` under any of `prefixes`, as the path index reads it, and its parameters:
    on PostgreSQL a LIKE on the prefix (its pattern index), elsewhere an interval of paths per
    subtree, as :func:`_any_prefix_q` bounds them (SQLite's LIKE reads no index). `both` gives
    both on every database: the interval adds nothing to the LIKE but PostgreSQL's estimate,
    which, for the few rows of the walk of successions, then follows the indexes rather than
    hash whole tables."""
    last = _path_alphabet()[-1] * _path_length()
    like = both or connection.vendor == "postgresql"
    ranged = both or not like
    parts, params = [], []
    for prefix in prefixes:
        conditions = []
        if like:
            conditions.append(f"{column} LIKE %s")
            params.append(prefix + "%")
        if ranged:
            conditions.append(f"{column} BETWEEN %s AND %s")
            params += [prefix, prefix + last]
        parts.append("(" + " AND ".join(conditions) + ")")
    return "(" + " OR ".join(parts) + ")", params


class Elsewhere(NamedTuple):
    """The unit outside an area that one of the area's former units counts under."""

    path: str
    code: str
    name: str


@dataclass(frozen=True)
class Past:
    """The former units of the areas at `roots` (see :func:`past_of`), and for each (by path):

    - `became`: the unit under `roots` it became part of, through any of its successors;
    - `counted`: the unit under `roots` its reports and figures count under: where its main
      successors lead (`main_successor`, followed along chains). A former commune divided
      between several units counts once, under its main successor; the other successors' areas
      hold it (their users see it, and close its periods) without counting it;
    - `elsewhere`: where it counts instead, when its main successors lead outside `roots`: that
      unit (an :class:`Elsewhere`).

    A unit under a former unit with no succession of its own goes where that unit went."""

    roots: tuple
    became: dict
    counted: dict
    elsewhere: dict

    def prefixes(self):
        """The minimal path prefixes of the units under `roots` or under a former unit of them."""
        return _minimal_prefixes([*self.roots, *self.became])

    def _entry(self, path):
        """The former unit whose entry applies to `path`: itself, or the nearest former unit above
        it; None for a path under `roots` (or under none of them)."""
        if path.startswith(self.roots):
            return None
        for above in reversed(_ancestors_or_self(path)):
            if above in self.counted or above in self.elsewhere:
                return above
        return None

    def counted_under(self, path):
        """The path under `roots` where the unit at `path` counts (its own, under `roots`), or None
        where it counts elsewhere (or is no former unit of them)."""
        entry = self._entry(path)
        return path if entry is None and path.startswith(self.roots) else self.counted.get(entry)

    def counted_elsewhere(self, path):
        """The unit outside `roots` (an :class:`Elsewhere`) the unit at `path` counts under, or
        None."""
        entry = self._entry(path)
        return None if entry is None else self.elsewhere.get(entry)


def _walk_sql(roots, into, today):
    """Two steps of the walk of successions in one statement: the successions into a unit under
    the paths `into` (constants, so that the path index is read with good estimates) from units
    that ended, and the successions into a unit under one of those; each with every succession of
    its predecessor, wherever it leads, so that the main successor of each is known. Rows (step:
    1 or 2, predecessor path, successor path, is main, successor code, successor name). Units
    under `roots` are not followed.

    Not a recursive CTE: PostgreSQL cannot estimate the rows of a recursive join on path
    intervals, planned it over the whole table and compiled it with JIT (a second, at scale
    0.02); chains longer than two steps are rare and take a further statement."""
    Area = apps.get_model("areas", "Area")
    AreaSuccession = apps.get_model("areas", "AreaSuccession")
    area, succ = Area._meta.db_table, AreaSuccession._meta.db_table
    last = _path_alphabet()[-1] * _path_length()
    under_into, into_params = prefix_sql("s.path", into, both=True)
    outside, outside_params = prefix_sql("p.path", roots, both=True)
    today = connection.ops.adapt_datefield_value(today)
    # the second step reads the subtrees of the units of the first that lie under no other of
    # them (a former province's, not each of its communes'): their ancestors' path lengths
    lengths = ", ".join(f"({Area.steplen * depth})" for depth in range(1, 9))
    sql = f"""
        WITH first AS (
            SELECT sc.predecessor_id AS pid, p.path AS ppath FROM {succ} sc
              JOIN {area} s ON s.id = sc.successor_id
              JOIN {area} p ON p.id = sc.predecessor_id
             WHERE {under_into} AND p.valid_to < %s AND NOT {outside}
        ), lengths(n) AS (VALUES {lengths}
        ), covered AS MATERIALIZED (
            SELECT f.ppath AS path FROM first f
              JOIN lengths k ON k.n < length(f.ppath)
              JOIN first g ON g.ppath = substr(f.ppath, 1, k.n)
        ), minimal AS (
            SELECT f.ppath FROM first f WHERE f.ppath NOT IN (SELECT path FROM covered)
        ), second AS (
            SELECT sc.predecessor_id AS pid FROM minimal f
              JOIN {area} s ON s.path BETWEEN f.ppath AND f.ppath || %s
                          AND s.path LIKE f.ppath || '%%'
              JOIN {succ} sc ON sc.successor_id = s.id
              JOIN {area} p ON p.id = sc.predecessor_id
             WHERE p.valid_to < %s AND NOT {outside}
        ), found AS (SELECT pid, 1 AS step FROM first UNION SELECT pid, 2 FROM second)
        SELECT f.step, p.path, s.path, sc.is_default, s.code, s.name FROM found f
          JOIN {succ} sc ON sc.predecessor_id = f.pid
          JOIN {area} p ON p.id = f.pid
          JOIN {area} s ON s.id = sc.successor_id"""
    params = [*into_params, today, *outside_params, last, today, *outside_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def past_of(paths, *, today=None) -> Past:
    """The former units of the areas at `paths`: every unit that has ended (valid_to before
    `today`) and became part of a unit under `paths`, directly or through a chain of successions
    (2019 → 2021 → 2025), with the unit it became part of and the unit it counts under (see
    :class:`Past`). Units already under `paths` are not listed. A root's subtree holds every
    unit, past ones too: nothing to walk.

    One statement for chains of up to two steps (2019 → 2021 → 2025), one more for every two
    steps beyond: the walk runs on every completeness page and panel."""
    Area = apps.get_model("areas", "Area")
    roots = _minimal_prefixes(paths)
    if not roots or any(len(path) == Area.steplen for path in roots):
        return Past(roots, {}, {}, {})
    today = today or date.today()
    links, names, explored, into = {}, {}, set(), roots
    while into:
        seen, further = set(), set()
        for step, predecessor, successor, main, code, name in _walk_sql(roots, into, today):
            if (successor, bool(main), code) not in links.setdefault(predecessor, []):
                links[predecessor].append((successor, bool(main), code))
            names[successor] = (code, name)
            (seen if step == 1 else further).add(predecessor)
        explored |= seen
        # the units of the second step, whose own subtrees no step has asked about yet
        asked = _minimal_prefixes(explored)
        into = tuple(p for p in _minimal_prefixes(further) if _covering(p, asked) is None)
        explored |= set(into)

    def applicable(path):
        for above in reversed(_ancestors_or_self(path)):
            if above in links:
                return above
        return None

    def follow(path, choose, seen=()):
        """The unit under `roots` that `path` leads to along the successions `choose` picks, or
        (None, the unit the way ends at) where it leads elsewhere."""
        if path.startswith(roots):
            return path, path
        entry = applicable(path)
        if entry is None or entry in seen:
            return None, path
        for successor in choose(links[entry]):
            inside, end = follow(successor, choose, (*seen, entry))
            if inside is not None:
                return inside, end
        return None, end

    def main_only(found):
        return [main_successor(found)]

    def main_first(found):  # the main successor's way, then the others' by path
        main = main_successor(found)
        return [main, *sorted(s for s, _m, _c in found if s != main)]

    became, counted, elsewhere = {}, {}, {}
    for former in links:
        inside, end = follow(former, main_only)
        if inside is not None:
            counted[former] = became[former] = inside
            continue
        elsewhere[former] = Elsewhere(end, *names.get(end, ("", end)))
        other, _end = follow(former, main_first)
        if other is not None:
            became[former] = other
    return Past(roots, became, counted, elsewhere)


def former_units(paths, *, today=None) -> dict:
    """{former unit path: the path under `paths` it became part of} for every unit that has
    ended (valid_to before `today`) and became part of a unit under `paths`, directly or through
    a chain of successions (2019 → 2021 → 2025): the public walk of the successions, for
    callers that need the past of an area itself rather than of a user's roles (completeness
    of a past month, the periods a report signed on today's units closes). :func:`past_of`
    says, besides, where each counts.

    Unlike the roles' reach, every former unit found is named, not only the minimal prefixes,
    each with the unit in force under `paths` it ended up in: a former commune of a former
    province maps to today's commune it became, not to the province. A unit under a former unit
    with no succession of its own maps where that unit went; a unit divided between several
    units under `paths` maps to its main successor (`is_default`). Units already under `paths`
    are not listed. A root's subtree holds every unit, past ones too: {}."""
    return past_of(paths, today=today).became


def with_former_q(paths, lookup="path", *, former=None):
    """A Q object for the units (or records, by their area's path in `lookup`) under `paths` or
    under a former unit that became part of one of them (`former`: :func:`past_of` or
    :func:`former_units` of `paths`, walked here when not given)."""
    former = past_of(paths) if former is None else former
    if isinstance(former, Past):
        former = former.became
    prefixes = _minimal_prefixes([*paths, *former])
    return _any_prefix_q(lookup, prefixes) if prefixes else Q(pk__in=[])


def _roles(user):
    """[(role, area path)] of the user's roles, read once per user object."""
    cache = user.__dict__.setdefault("_antq_jurisdiction", {})
    if "roles" not in cache:
        cache["roles"] = list(
            apps.get_model("accounts", "RoleAssignment")
            .objects.filter(user=user)
            .values_list("role", "area__path")
        )
    return cache["roles"]


def _cached_reach(user, role_paths):
    """The reach of these role paths, cached on the user object: actions that the same roles
    allow (a viewer's view and export, all of an approver's but administer) share one."""
    cache = user.__dict__.setdefault("_antq_jurisdiction", {}).setdefault("reach", {})
    key = frozenset(role_paths)
    if key not in cache:
        cache[key] = _reach(key)
    return cache[key]


def _has_jurisdiction(user):
    return user is not None and user.is_authenticated and user.is_active


def _action_reach(user, action):
    min_rank = ACTION_MIN_RANK[Action(action)]
    paths = [path for role, path in _roles(user) if ROLE_RANK[Role(role)] >= min_rank]
    return _cached_reach(user, paths)


def role_paths(user, action=Action.VIEW):
    """The paths of the areas where `user` holds a role allowing `action` (minimal prefixes),
    without the former units they also cover: the top of the user's jurisdiction as it stands
    today. EVERYWHERE for superusers, () for nobody."""
    if not _has_jurisdiction(user):
        return ()
    if user.is_superuser:
        return EVERYWHERE
    min_rank = ACTION_MIN_RANK[Action(action)]
    return _minimal_prefixes(
        path for role, path in _roles(user) if ROLE_RANK[Role(role)] >= min_rank
    )


def jurisdiction_paths(user, action=Action.VIEW):
    """Area paths under which `user` may do `action`; EVERYWHERE for superusers, () for nobody.

    A role at an area covers its subtree and the former units that became part of it or of any
    unit under it (see :func:`_reach`). Cached on the user object, so one request asks the
    database once for the roles and once per step of succession for each set of roles.
    """
    if not _has_jurisdiction(user):
        return ()
    if user.is_superuser:
        return EVERYWHERE
    return _action_reach(user, action).paths


def scope_q(user, action=Action.VIEW, path_lookup="area__path"):
    """A Q object limiting a queryset to what `user` may `action`; Q() means everything."""
    paths = jurisdiction_paths(user, action)
    if paths is EVERYWHERE:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return _any_prefix_q(path_lookup, paths)


def can(user, action, area):
    """May `user` do `action` to records of `area` (an Area instance)?"""
    return can_record(user, action, area)  # an area is scoped by its own path


def path_of(record):
    """The area path that scopes `record`, read along its model's `scope_path` (no query when
    the records on the way are loaded)."""
    value = record
    for name in type(record).scope_path.split("__"):
        value = getattr(value, name)
    return value


def can_record(user, action, record):
    """May `user` do `action` to `record` (of any scoped model, an area included)?"""
    paths = jurisdiction_paths(user, action)
    if paths is EVERYWHERE:
        return True
    return _covering(path_of(record), paths) is not None


def can_anywhere(user, action):
    """May `user` do `action` to records of some area (a role that allows it, anywhere)?"""
    paths = jurisdiction_paths(user, action)
    return paths is EVERYWHERE or bool(paths)


def can_read_identities(user, area):
    """The separate grant to read reporters' identities, held at an area, covering its subtree.

    It follows the successions as the roles do, but only from the areas where the user holds
    the grant itself: the grant holder of today's commune may read the identities of tips filed
    under the former communes it was made from (each reading is recorded by the service that
    makes it, as for any tip); a role without the grant gains nothing here."""
    if not _has_jurisdiction(user):
        return False
    if user.is_superuser:
        return True
    granted = list(  # read afresh at every check: a revoked grant ends at once
        apps.get_model("accounts", "RoleAssignment")
        .objects.filter(user=user, may_read_identities=True)
        .values_list("area__path", flat=True)
    )
    if not granted:
        return False
    return _covering(area.path, _cached_reach(user, granted).paths) is not None


def forget_jurisdiction(user):
    """Drop the per-object cache after roles change."""
    user.__dict__.pop("_antq_jurisdiction", None)


class ScopedQuerySetMixin:
    """Adds `.visible_to(user, action)`; the model says where its area path is, in its
    `scope_path` attribute (a lookup such as "area__path" or "tip__area__path")."""

    def visible_to(self, user, action=Action.VIEW):
        return self.filter(scope_q(user, action, self.model.scope_path))


class ScopedQuerySet(ScopedQuerySetMixin, models.QuerySet):
    pass


def can_at_higher_level(user, action, area):
    """May `user` do `action` to records of `area` through a role held above it (at one of its
    ancestors)? For checks made by a higher level: a commune's own approver does not approve the
    commune's figures; the province's approver (or anyone above) does.

    For a former unit, "above" is read through its successors: the province's approver is above
    a former commune that became part of one of the province's communes; today's commune's own
    approver is not, as it is not above its own commune."""
    if not _has_jurisdiction(user):
        return False
    return user.is_superuser or path_above(user, action, area) is not None


def path_above(user, action, area):
    """The path of the area above `area` through which `user` may do `action` there (see
    :func:`can_at_higher_level`): the prefix of the user's jurisdiction that holds `area` below
    it or, for a former unit that became part of a unit below a role's area, that area's path.
    None when there is none; not for superusers (their level is anywhere)."""
    reach = _action_reach(user, action)
    via = _covering(area.path, reach.paths)
    if via is None:
        return None
    return via if len(via) < len(area.path) else reach.above.get(via)


def above_q(user, action, path_lookup="area__path"):
    """A Q object limiting a queryset to the records `user` may `action` through a role held
    above their area: the set-based form of :func:`can_at_higher_level`, for lists of what
    awaits a higher level's decision. A prefix reached from above (a former unit) covers its
    whole subtree; any other covers its subtree without the area at the prefix itself."""
    if not _has_jurisdiction(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    reach = _action_reach(user, action)
    q = Q(pk__in=[])
    for prefix in reach.paths:
        subtree = Q(**{f"{path_lookup}__startswith": prefix})
        if prefix not in reach.above:
            subtree &= ~Q(**{path_lookup: prefix})
        q |= subtree
    return q


def own_level_q(user, action, path_lookup="area__path"):
    """A Q object limiting a queryset to the records at the very areas where `user` holds a role
    allowing `action` (and the former units those became, at their own level): what is theirs to
    do, and no one's above them, such as a commune's own monthly tally. The complement, within
    the jurisdiction, of :func:`above_q`. Nothing for superusers, who hold no area of their own."""
    return Q(**{f"{path_lookup}__in": own_level_paths(user, action)})


def own_level_paths(user, action) -> list[str]:
    """The paths :func:`own_level_q` names: the areas where `user` holds a role allowing
    `action`, and the former units those became at their own level. None for superusers."""
    if not _has_jurisdiction(user) or user.is_superuser:
        return []
    reach = _action_reach(user, action)
    return [p for p in reach.paths if p not in reach.above]
