"""The second factor (django-otp): an authenticator app's codes (TOTP) and single-use recovery
codes. Administrators and holders of the reporters' identity grant must use one; anyone may.

Whether a session must pass it is decided at sign-in (kept under SESSION_KEY, read by
accounts.middleware.SecondFactorMiddleware), so that other users' pages cost no query for it. A
role that makes it required mid-session takes effect: at once for reading a reporter's identity
(`demand`), for API tokens (role_grant ends those issued without a code), and for the rest
within RECHECK_SECONDS, when the middleware asks again of a session that was not asked."""

import base64
import time
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts.models import RoleAssignment
from antq.audit import details
from antq.audit import services as audit
from antq.audit.models import AuditAction
from antq.core.scoping import Role

SESSION_KEY = "antq_second_factor"
CHECKED_KEY = "antq_second_factor_checked"  # when SESSION_KEY was decided (a POSIX time)
RECHECK_SECONDS = 300
RECOVERY_CODES = 10


def required_for(user) -> bool:
    """Administrators (superusers too) and holders of the identity grant must use a second
    factor."""
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(
        Q(role=Role.ADMINISTRATOR) | Q(may_read_identities=True), user=user
    ).exists()


def has_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def asked_of(user) -> bool:
    """Must this user pass a second factor to finish signing in? Yes where it is required, and
    for anyone who set one up."""
    return required_for(user) or has_device(user)


def remember(session, asked: bool) -> None:
    """Keep in the session whether it must pass the second factor, and when that was decided."""
    session[SESSION_KEY] = asked
    session[CHECKED_KEY] = int(time.time())


def demand(request, *, back: str):
    """For an action that must not be done without the second factor where it is required now
    (reading a reporter's identity): None when the session may go on, else the redirect to the
    verify (or set-up) page, then `back`. A role given after the user signed in counts at once
    here: the session is asked from now on."""
    user = request.user
    if user.is_verified() or not required_for(user):
        return None
    remember(request.session, True)
    step = "verify" if has_device(user) else "setup"
    return redirect(reverse(f"accounts:otp-{step}") + "?" + urlencode({"next": back}))


def pending_totp(user) -> TOTPDevice:
    """The authenticator being set up (not yet confirmed by a first code); one per user."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_svg_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as a QR code, drawn here (SVG), never by a remote
    service: a data: URI for an <img>."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@transaction.atomic
def enrol(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with its first code; the session is then verified, and a new
    set of recovery codes (returned, to be shown once) replaces any earlier one. None for a
    wrong code."""
    if device.user_id != request.user.pk or not device.verify_token(code.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=request.user).delete()
    recovery = StaticDevice.objects.create(user=request.user, name="recovery")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    otp_login(request, device)
    remember(request.session, True)
    audit.record(
        action=AuditAction.USER_CHANGED,
        user=request.user,
        target_user=request.user,
        detail=details.encode("otp_enrolled"),
    )
    return codes


def verify(*, request, code: str) -> bool:
    """Finish signing in with a code from the authenticator or a recovery code (each recovery
    code works once)."""
    device = match_token(request.user, code.strip().replace(" ", ""))
    if device is None:
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def recovery_code_issue(*, user) -> str:
    """One more single-use recovery code for `user`, from the server's command line (`antq
    recovery-code`): how an operator lets in an administrator who lost their phone, or a script
    (scripts/fuzz.sh) get an administrator's API token. An account without a second factor then
    has one, so the code is asked at its next sign-in."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery")
    code = StaticToken.random_token()
    StaticToken.objects.create(device=device, token=code)
    audit.record(
        action=AuditAction.USER_CHANGED,
        target_user=user,
        username=user.get_username(),
        detail=details.encode("recovery_code", command_line=True),
    )
    return code
