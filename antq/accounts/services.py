import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import ApiToken, RoleAssignment, User, hash_token
from antq.core.scoping import Action, forget_jurisdiction
from antq.core.services import require_area_right, save_with_history


@transaction.atomic
def role_grant(*, acting_user, user: User, area, role: str, may_read_identities=False):
    """Give `user` a role at `area`. Only an administrator over that area may do it."""
    require_area_right(acting_user, Action.ADMINISTER, area)
    assignment = RoleAssignment.objects.filter(user=user, area=area, role=role).first()
    assignment = assignment or RoleAssignment(user=user, area=area, role=role)
    assignment.may_read_identities = may_read_identities
    save_with_history(assignment, acting_user=acting_user)
    forget_jurisdiction(user)
    return assignment


def token_issue(*, username: str, password: str) -> str | None:
    """Check the credentials; return a new raw token (shown once) or None."""
    user = authenticate(username=username, password=password)
    if user is None or not user.is_active:
        return None
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        digest=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=settings.ANTQ_TOKEN_TTL_DAYS),
    )
    return raw


def token_user(raw: str):
    """The active user behind a bearer token, or None."""
    token = ApiToken.objects.select_related("user").filter(digest=hash_token(raw)).first()
    if token is None or not token.is_valid():
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def admin_ensure(*, password: str | None, root_area, reset=False):
    """The demo administrator `admin`: superuser, administrator at the country.

    Returns (user, password_if_generated). An existing password is kept unless one is given
    or `reset` is asked for, so running set-up twice changes nothing.
    """
    user = User.objects.filter(username="admin").first()
    generated = None
    if user is None:
        user = User(username="admin", is_staff=True, is_superuser=True)
        if not password:
            password = generated = secrets.token_urlsafe(12)
    elif reset and not password:
        password = generated = secrets.token_urlsafe(12)
    if password:
        if len(password) < 8:
            raise ValidationError({"password": _("At least 8 characters.")})
        user.set_password(password)
    user.is_staff = user.is_superuser = user.is_active = True
    user.save()
    if root_area is not None:
        RoleAssignment.objects.get_or_create(user=user, area=root_area, role="administrator")
    return user, generated
