"""Reads about accounts: a user's own tokens, and the sign-in lockouts an administrator may lift."""

from django.conf import settings
from django.utils import timezone

from antq.accounts.models import ApiToken, RoleAssignment, User
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
