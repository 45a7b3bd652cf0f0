"""Reads about accounts: a user's own tokens, and the sign-in lockouts an administrator may lift."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from antq.accounts.models import ApiToken, RoleAssignment, User
from antq.areas.models import Area
from antq.core.scoping import EVERYWHERE, Action, can_anywhere, jurisdiction_paths, scope_q


def own_tokens(user):
    return ApiToken.objects.filter(user=user).order_by("client")


def may_unlock(user) -> bool:
    """Administrators (of any area) lift lockouts of the accounts in their jurisdiction."""
    return can_anywhere(user, Action.ADMINISTER)


def may_unlock_addresses(user) -> bool:
    """An address belongs to no jurisdiction: only a superuser lifts an address's lockout."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def users_in_jurisdiction(user):
    """Accounts that hold a role in `user`'s administered areas (every account for superusers)."""
    if jurisdiction_paths(user, Action.ADMINISTER) is EVERYWHERE:
        return User.objects.all()
    holders = RoleAssignment.objects.filter(scope_q(user, Action.ADMINISTER)).values("user_id")
    return User.objects.filter(pk__in=holders)


def current_attempts(user):
    """Failed sign-ins still counted (within the cool-off), that `user` may unlock."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since).order_by("-attempt_time")
    if may_unlock_addresses(user):
        return attempts
    names = users_in_jurisdiction(user).values("username")
    return attempts.filter(username__in=names)


def people_in_jurisdiction(user):
    """The accounts an administrator manages on the people pages: those whose roles all lie in
    the areas they administer (at least one role, or, for an account with no role, its unit
    there). An account with neither role nor unit is managed from the country's root only.
    Superusers manage every account; no one else manages a superuser."""
    paths = jurisdiction_paths(user, Action.ADMINISTER)
    if paths is EVERYWHERE:
        return User.objects.all()
    if not paths:
        return User.objects.none()
    roles = RoleAssignment.objects.filter(user=OuterRef("pk"))
    outside = roles.exclude(scope_q(user, Action.ADMINISTER))
    belongs = Exists(roles) | scope_q(user, Action.ADMINISTER, "unit__path")
    if any(len(path) == Area.steplen for path in paths):
        belongs |= Q(unit__isnull=True)
    return User.objects.filter(belongs, is_superuser=False).exclude(Exists(outside))


def person_get(user, pk):
    """One account of `user`'s people pages, or 404 (an account outside does not exist)."""
    return get_object_or_404(people_in_jurisdiction(user), pk=pk)


SIGNED_IN_WITHIN = 30  # days, for the "signed in lately / not lately" filter


def people_list(user, *, area=None, role="", active=None, signed_in=""):
    """The accounts `user` manages, filtered: a role at `area` or under it (or, with no role,
    the unit there); holding `role`; active or not; signed in `recently` (within
    SIGNED_IN_WITHIN days), `long_ago` or `never`."""
    qs = people_in_jurisdiction(user)
    if area is not None:
        at = RoleAssignment.objects.filter(user=OuterRef("pk"), area__path__startswith=area.path)
        qs = qs.filter(Exists(at) | Q(unit__path__startswith=area.path))
    if role:
        qs = qs.filter(Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=role)))
    if active is not None:
        qs = qs.filter(is_active=active)
    since = timezone.now() - timedelta(days=SIGNED_IN_WITHIN)
    if signed_in == "recently":
        qs = qs.filter(last_login__gte=since)
    elif signed_in == "long_ago":
        qs = qs.filter(last_login__lt=since)
    elif signed_in == "never":
        qs = qs.filter(last_login__isnull=True)
    roles = Prefetch("roles", RoleAssignment.objects.select_related("area").order_by("area__path"))
    return qs.select_related("unit").prefetch_related(roles).order_by("full_name", "username")
