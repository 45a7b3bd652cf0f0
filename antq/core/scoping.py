"""Jurisdiction: who may do what, where. The one place that decides it.

A user holds roles at areas (accounts.RoleAssignment). A role at an area covers the area's
whole subtree, so "may this user do X to records of area A" is "is A's materialised path
prefixed by the path of an area where the user holds a role that allows X". Every scoped
queryset filters through :func:`scope_q`; every single-object check goes through :func:`can`.
"""

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


def jurisdiction_paths(user, action=Action.VIEW):
    """Area paths under which `user` may do `action`; EVERYWHERE for superusers, () for nobody.

    Cached on the user object, so one request asks the database once per action.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    if user.is_superuser:
        return EVERYWHERE
    cache = user.__dict__.setdefault("_antq_jurisdiction", {})
    if action not in cache:
        assignments = apps.get_model("accounts", "RoleAssignment").objects.filter(user=user)
        min_rank = ACTION_MIN_RANK[Action(action)]
        paths = [
            path
            for role, path in assignments.values_list("role", "area__path")
            if ROLE_RANK[Role(role)] >= min_rank
        ]
        cache[action] = _minimal_prefixes(paths)
    return cache[action]


def scope_q(user, action=Action.VIEW, path_lookup="area__path"):
    """A Q object limiting a queryset to what `user` may `action`; Q() means everything."""
    paths = jurisdiction_paths(user, action)
    if paths is EVERYWHERE:
        return Q()
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{path_lookup}__startswith": path})
    return q


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
    path = path_of(record)
    return any(path.startswith(p) for p in paths)


def can_anywhere(user, action):
    """May `user` do `action` to records of some area (a role that allows it, anywhere)?"""
    paths = jurisdiction_paths(user, action)
    return paths is EVERYWHERE or bool(paths)


def can_read_identities(user, area):
    """The separate grant to read reporters' identities, held at an area, covering its subtree."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    paths = RoleAssignment.objects.filter(user=user, may_read_identities=True).values_list(
        "area__path", flat=True
    )
    return any(area.path.startswith(p) for p in paths)


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
    commune's figures; the province's approver (or anyone above) does."""
    paths = jurisdiction_paths(user, action)
    if paths is EVERYWHERE:
        return True
    return any(area.path.startswith(p) and len(p) < len(area.path) for p in paths)
