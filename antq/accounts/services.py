import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import GenericIPAddressField
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token

from antq.accounts import second_factor
from antq.accounts.models import ApiToken, RoleAssignment, User, hash_token
from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.audit import details
from antq.audit import services as audit
from antq.audit.models import AuditAction
from antq.core.scoping import Action, Role, forget_jurisdiction
from antq.core.services import delete_with_history, require_area_right, save_with_history

PERSON_FIELDS = ("full_name", "rank", "position", "unit", "email", "phone")


def _require_person(acting_user, user):
    """The account must be one of the acting administrator's people (404 otherwise, so that
    existence does not leak); no one changes their own account or roles here."""
    from antq.accounts import selectors

    if not selectors.people_in_jurisdiction(acting_user).filter(pk=user.pk).exists():
        raise Http404
    if user.pk == acting_user.pk:
        raise PermissionDenied(_("You cannot change your own account or roles here."))


def _require_may_take_over(acting_user, user):
    """What would let the acting administrator sign in as the person (a one-time password link,
    removing their second factor, changing the address reset links go to) is refused for a
    holder of the identity grant, unless the administrator could give that grant at each of
    its areas (a province's): else a commune's administrator could read the reporters'
    identities through an account they opened, holding more than they were given."""
    granted = RoleAssignment.objects.filter(user=user, may_read_identities=True).select_related(
        "area"
    )
    if any(not _is_province_administrator(acting_user, r.area) for r in granted):
        raise PermissionDenied(
            _(
                "The person holds the identity grant: only an administrator at province level "
                "may do this."
            )
        )


def _require_unit(acting_user, unit):
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit the person works in.")})
    require_area_right(acting_user, Action.ADMINISTER, unit, field="unit")


def _record_user_change(acting_user, user, code, **data):
    audit.record(
        action=AuditAction.USER_CHANGED,
        user=acting_user,
        target_user=user,
        obj=user,
        area=user.unit,
        detail=details.encode(code, **data),
    )


@transaction.atomic
def user_create(*, acting_user, username: str, unit, **fields) -> User:
    """A new account in the acting administrator's areas, working in `unit` (where the account
    belongs until it is given a role). It has no password: the administrator issues a one-time
    link with which the person sets one (password_link_issue)."""
    _require_unit(acting_user, unit)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({name: _("Not a field of a person.") for name in unknown})
    user = User(username=(username or "").strip(), unit=unit, **fields)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _record_user_change(acting_user, user, "created")
    return user


@transaction.atomic
def user_update(*, acting_user, user: User, **changes) -> User:
    """Change a person's name, rank, position, unit, e-mail or phone."""
    _require_person(acting_user, user)
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({name: _("Not a field of a person.") for name in unknown})
    if "unit" in changes and changes["unit"] != user.unit:
        _require_unit(acting_user, changes["unit"])
    if "email" in changes and (changes["email"] or "") != (user.email or ""):
        _require_may_take_over(acting_user, user)
    changed = sorted(name for name, value in changes.items() if getattr(user, name) != value)
    for name in changed:
        setattr(user, name, changes[name])
    if changed:
        user.full_clean()
        user.save(update_fields=changed)
        _record_user_change(acting_user, user, "changed", fields=", ".join(changed))
    return user


@transaction.atomic
def user_set_active(*, acting_user, user: User, active: bool) -> User:
    """Deactivate an account (it can no longer sign in, and its API tokens stop working) or
    reactivate it."""
    _require_person(acting_user, user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        _record_user_change(acting_user, user, "activated" if active else "deactivated")
    return user


def password_link_issue(*, acting_user, user: User, base_url: str, send=False) -> str:
    """A one-time link with which the person sets their password: Django's token generator,
    valid for ANTQ_PASSWORD_RESET_HOURS and spent once the password is set (or the person signs
    in). Returned to be shown once, or e-mailed to the person's address with `send`."""
    _require_person(acting_user, user)
    _require_may_take_over(acting_user, user)
    if not user.is_active:
        raise ValidationError(_("Reactivate the account first."))
    if send and not user.email:
        raise ValidationError({"email": _("The person has no e-mail address.")})
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    link = base_url.rstrip("/") + path
    if send:
        from antq.notifications.selectors import message_language

        with translation.override(message_language(user)):  # the person's, not the sender's
            send_mail(
                _("Set your antq password"),
                _(
                    "An administrator opened an antq account for you (user name: {username}). "
                    "Set your password with this link; it works once, within {hours} hours:"
                    "\n\n{link}"
                ).format(
                    username=user.get_username(),
                    hours=settings.PASSWORD_RESET_TIMEOUT // 3600,
                    link=link,
                ),
                None,
                [user.email],
            )
    _record_user_change(acting_user, user, "password_link", emailed=send)
    return link


def _is_province_administrator(user, area) -> bool:
    """Does `user` administer `area` from a province (or the country) above it or at it?"""
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(
        user=user,
        role=Role.ADMINISTRATOR,
        area__level__lte=AreaLevel.PROVINCE,
        area__path__in=[
            area.path[:n] for n in range(Area.steplen, len(area.path) + 1, Area.steplen)
        ],
    ).exists()


@transaction.atomic
def role_grant(
    *, acting_user, user: User, area, role: str, may_read_identities=False, reason: str = ""
):
    """Give `user` a role at `area`. Only an administrator over that area may, and never to
    themselves. Administrator is the highest rank (ROLE_RANK), so they may grant any role up to
    their own, within their areas only. The reporters' identity grant is given only by an
    administrator at province level or above, with a reason, kept in the audit log."""
    _require_person_or_new(acting_user, user)
    require_area_right(acting_user, Action.ADMINISTER, area)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    assignment = RoleAssignment.objects.filter(user=user, area=area, role=role).first()
    granting_identities = may_read_identities and not (
        assignment and assignment.may_read_identities
    )
    if granting_identities:
        if not _is_province_administrator(acting_user, area):
            raise PermissionDenied(
                _("Only an administrator at province level gives the identity grant.")
            )
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the person needs the identity grant.")})
    was_asked = second_factor.required_for(user)
    assignment = assignment or RoleAssignment(user=user, area=area, role=role)
    assignment.may_read_identities = may_read_identities
    save_with_history(assignment, acting_user=acting_user)
    forget_jurisdiction(user)
    if not was_asked and second_factor.required_for(user):
        # tokens issued without a code would outlast the new rule: the person asks again, with
        # one (a signed-in session is asked within second_factor.RECHECK_SECONDS)
        tokens_revoke_all(user=user, acting_user=acting_user, reason="second_factor_required")
    audit.record(
        action=AuditAction.ROLE_GRANTED,
        user=acting_user,
        target_user=user,
        obj=assignment,
        detail=details.encode("may_read_identities", reason=reason.strip())
        if may_read_identities
        else "",
    )
    return assignment


def _require_person_or_new(acting_user, user):
    """A role goes to one of the administrator's people; and a superuser's own grants are not
    refused (the command line and the demo set up administrators that way)."""
    if acting_user.is_superuser and user.pk != acting_user.pk:
        return
    _require_person(acting_user, user)


@transaction.atomic
def role_revoke(*, acting_user, assignment: RoleAssignment) -> None:
    """Remove a role: only an administrator over its area, of one of their people."""
    _require_person(acting_user, assignment.user)
    require_area_right(acting_user, Action.ADMINISTER, assignment.area)
    audit.record(
        action=AuditAction.ROLE_REVOKED,
        user=acting_user,
        target_user=assignment.user,
        obj=assignment,
    )
    user = assignment.user
    delete_with_history(assignment, acting_user=acting_user)
    forget_jurisdiction(user)


@transaction.atomic
def profile_update(*, acting_user, form) -> User:
    """Save the acting user's own profile form (name, rank, position, phone: ProfileForm)."""
    if form.instance.pk != acting_user.pk:
        raise PermissionDenied
    user = form.save(commit=False)
    if form.changed_data:
        user.full_clean()
        user.save(update_fields=form.changed_data)
        audit.record(
            action=AuditAction.PROFILE_CHANGED,
            user=acting_user,
            target_user=acting_user,
            detail=details.encode("changed", fields=", ".join(form.changed_data)),
        )
    return user


TOKEN_CLIENT_MAX = 60


@transaction.atomic
def token_issue(
    *, request, username: str, password: str, client: str = "api", otp: str = ""
) -> str | None:
    """Check the credentials (through django-axes, which counts the failures of this account and
    this address and refuses a locked-out one); return a new raw token (shown once) or None.
    A client name holds one token: issuing again replaces it.

    A token is a sign-in that lasts: an account that must pass a second factor on the web
    (accounts/second_factor.py) gets one only with a valid code (`otp`: the authenticator's, or
    a recovery code, which is then spent)."""
    client = (client or "").strip() or "api"
    if len(client) > TOKEN_CLIENT_MAX:
        raise ValidationError({"client": _("At most {n} characters.").format(n=TOKEN_CLIENT_MAX)})
    user = authenticate(request=request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    if second_factor.asked_of(user):
        if not second_factor.has_device(user):
            raise ValidationError({"otp": _("Set up your second factor on the web first.")})
        if match_token(user, (otp or "").strip()) is None:
            raise ValidationError({"otp": _("Enter a valid code of your second factor.")})
    raw = secrets.token_urlsafe(32)
    replaced = ApiToken.objects.filter(user=user, client=client).delete()[0]
    token = ApiToken(
        user=user,
        client=client,
        digest=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=settings.ANTQ_TOKEN_TTL_DAYS),
    )
    token.full_clean()
    token.save()
    audit.record(
        action=AuditAction.TOKEN_ISSUED,
        user=user,
        target_user=user,
        detail=details.encode("token", client=client, replaced=bool(replaced)),
    )
    return raw


@transaction.atomic
def token_revoke(*, acting_user, token_id) -> None:
    """Revoke one of the acting user's own tokens; another user's token does not exist for them."""
    token = ApiToken.objects.filter(user=acting_user, pk=token_id).first()
    if token is None:
        raise Http404
    token.delete()
    audit.record(
        action=AuditAction.TOKEN_REVOKED,
        user=acting_user,
        target_user=acting_user,
        detail=details.encode("token", client=token.client),
    )


def tokens_revoke_all(*, user, acting_user, reason: str) -> int:
    """End every token of `user` (their password changed). `acting_user` changed it (None only
    when unknown); `reason` is a code of antq.audit.details.LABELS."""
    count = ApiToken.objects.filter(user=user).delete()[0]
    if count:
        audit.record(
            action=AuditAction.TOKEN_REVOKED,
            user=acting_user,
            target_user=user,
            detail=details.encode(reason),
        )
    return count


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


def _release_attempts(key: str, value: str) -> int:
    """Stop counting the failures recorded under one key ("username" or "ip_address") while they
    still count for the other: axes counts an account's failures and an address's failures from
    the same rows, so deleting them (axes.utils.reset) would lift both locks. Each row loses the
    released key and is folded into the row that already lacks it. Returns the failures
    cleared."""
    from axes.models import AccessAttempt

    other = "ip_address" if key == "username" else "username"
    cleared = 0
    for attempt in AccessAttempt.objects.select_for_update().filter(**{key: value}):
        cleared += attempt.failures_since_start
        kept = getattr(attempt, other)
        if kept is None:
            attempt.delete()
            continue
        twin = (
            AccessAttempt.objects.select_for_update()
            .filter(**{other: kept, f"{key}__isnull": True, "user_agent": attempt.user_agent})
            .first()
        )
        if twin is None:
            setattr(attempt, key, None)
            attempt.save(update_fields=[key])
        else:
            twin.failures_since_start += attempt.failures_since_start
            twin.attempt_time = max(twin.attempt_time, attempt.attempt_time)
            twin.save(update_fields=["failures_since_start", "attempt_time"])
            attempt.delete()
    return cleared


@transaction.atomic
def lockout_release(*, acting_user, username: str = "", ip_address: str = "") -> int:
    """Lift a sign-in lockout: of an account (its administrators may) or of an address (only a
    superuser). Lifting one leaves the other counted: the address an account was guessed from
    stays locked for every account, and an unlocked address does not free the accounts guessed
    from it. `acting_user` None is the operator at the server's command line. Returns how
    many counted failures were cleared."""
    from antq.accounts import selectors

    username, ip_address = (username or "").strip(), (ip_address or "").strip()
    if bool(username) == bool(ip_address):
        raise ValidationError(_("Name either an account or an address."))
    account = None
    if username:
        if acting_user is None:
            account = User.objects.filter(username=username).first()
        else:
            if not selectors.may_unlock(acting_user):
                raise PermissionDenied(_("Your role does not allow this action here."))
            account = selectors.users_in_jurisdiction(acting_user).filter(username=username).first()
            if account is None:
                raise ValidationError({"username": _("No such account in your jurisdiction.")})
        cleared = _release_attempts("username", username)
    else:
        if acting_user is not None and not selectors.may_unlock_addresses(acting_user):
            raise PermissionDenied(_("Only a superuser unlocks an address."))
        try:
            GenericIPAddressField().clean(ip_address, None)
        except ValidationError:
            raise ValidationError({"ip_address": _("Enter a valid address.")}) from None
        cleared = _release_attempts("ip_address", ip_address)
    audit.record(
        action=AuditAction.UNLOCKED,
        user=acting_user,
        target_user=account,
        address=ip_address or None,
        detail=details.encode(
            "unlock", key=username or ip_address, command_line=acting_user is None
        ),
    )
    return cleared


@transaction.atomic
def second_factor_reset(*, acting_user, user) -> None:
    """Remove a person's second factor (a lost phone): they set up a new one at their next
    sign-in. Only from the people pages, by an administrator of the person."""
    _require_person(acting_user, user)
    _require_may_take_over(acting_user, user)
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    audit.record(
        action=AuditAction.USER_CHANGED,
        user=acting_user,
        target_user=user,
        area=user.unit,
        detail=details.encode("otp_reset"),
    )
