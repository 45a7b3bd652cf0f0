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
The same walk for an area itself, not a user's roles, is :func:`former_units`.
"""

from datetime import date
from typing import NamedTuple

from django.apps import apps
from django.db import models
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


def _ancestors_or_self(path):
    step = apps.get_model("areas", "Area").steplen
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


def former_units(paths, *, today=None) -> dict:
    """{former unit path: the path under `paths` it became part of} for every unit that has
    ended (valid_to before `today`) and became part of a unit under `paths`, directly or through
    a chain of successions (2019 → 2021 → 2025): the public walk of the successions, for
    callers that need the past of an area itself rather than of a user's roles (completeness
    of a past month, the periods a report signed on today's units closes).

    Unlike the roles' reach, every former unit found is named, not only the minimal prefixes,
    each with the unit in force under `paths` it ended up in: a former commune of a former
    province maps to today's commune it became, not to the province. A unit under a former unit
    with no succession of its own maps where that unit went; a unit divided between several
    units under `paths` maps to its main successor (`is_default`). Units already under `paths`
    are not listed. A root's subtree holds every unit, past ones too: {}.

    One query per step of the longest chain, plus one that finds nothing."""
    Area = apps.get_model("areas", "Area")
    roots = _minimal_prefixes(paths)
    if not roots or any(len(path) == Area.steplen for path in roots):
        return {}
    today = today or date.today()
    AreaSuccession = apps.get_model("areas", "AreaSuccession")
    found, queried, frontier = {}, roots, roots
    while frontier:
        rows = (
            AreaSuccession.objects.filter(
                _any_prefix_q("successor__path", frontier, ranged=True),
                predecessor__valid_to__lt=today,
            )
            .exclude(_any_prefix_q("predecessor__path", roots))
            .values_list("predecessor__path", "successor__path", "is_default")
            .order_by("-is_default", "successor__path")
        )
        new = {}
        for predecessor, successor, _main in rows:
            if predecessor not in found:
                new.setdefault(predecessor, successor)  # the main successor first
        found.update(new)
        frontier = tuple(p for p in _minimal_prefixes(new) if _covering(p, queried) is None)
        queried = _minimal_prefixes([*queried, *frontier])

    def resolve(path, seen=()):
        if _covering(path, roots) is not None or path in seen:
            return path
        if path in found:
            return resolve(found[path], (*seen, path))
        above = max((p for p in found if path.startswith(p)), key=len, default=None)
        return path if above is None else resolve(found[above], (*seen, path))

    return {former: resolve(former) for former in found}


def with_former_q(paths, lookup="path", *, former=None):
    """A Q object for the units (or records, by their area's path in `lookup`) under `paths` or
    under a former unit that became part of one of them (`former`: :func:`former_units` of
    `paths`, walked here when not given)."""
    former = former_units(paths) if former is None else former
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
