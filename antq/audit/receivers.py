"""Sign-in events, as Django and django-axes announce them (connected in AuditConfig.ready).
Only the staff sign-in pages send these signals: the citizens' portal has no accounts."""

from django.contrib.auth import get_user_model

from antq.audit.models import AuditAction
from antq.audit.services import record


def _address(request):
    if request is None:
        return None
    address = getattr(request, "axes_ip_address", None)
    if address is None:
        from antq.accounts.lockout import client_address

        address = client_address(request)
    return address or None


def on_signed_in(sender, request, user, **kwargs):
    record(action=AuditAction.SIGN_IN, user=user, target_user=user, address=_address(request))


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the name tried is kept.
    username = str(credentials.get("username") or "")[:150]
    account = get_user_model().objects.filter(username=username).first() if username else None
    record(
        action=AuditAction.SIGN_IN_FAILED,
        target_user=account,
        username=username,
        address=_address(request),
    )


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    account = get_user_model().objects.filter(username=username).first() if username else None
    record(
        action=AuditAction.LOCKED_OUT,
        target_user=account,
        username=username,
        address=ip_address or _address(request),
    )
