"""Sign-in events, as Django and django-axes announce them (connected in AuditConfig.ready).
Only the staff sign-in pages send these signals: the citizens' portal has no accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from antq.audit.models import AuditAction, AuditEntry
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
    if getattr(request, "axes_locked_out", False):
        # refused while locked, or the failure that reached the limit: the lockout's entry
        # (on_locked_out) stands for it
        return
    # Django has already masked the password in `credentials`; only the name tried is kept.
    username = str(credentials.get("username") or "")[:150]
    account = get_user_model().objects.filter(username=username).first() if username else None
    record(
        action=AuditAction.SIGN_IN_FAILED,
        target_user=account,
        username=username,
        address=_address(request),
    )


def _already_recorded(username, address) -> bool:
    """A lockout of this name from this address is already in the log for the current lock:
    since the cool-off began and since the last unlock of either."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    unlocks = AuditEntry.objects.filter(action=AuditAction.UNLOCKED, at__gte=since).filter(
        Q(target_user__username=username) | Q(address=address)
    )
    last_unlock = unlocks.order_by("-at").values_list("at", flat=True).first()
    return AuditEntry.objects.filter(
        action=AuditAction.LOCKED_OUT,
        username=username,
        address=address,
        at__gte=max(since, last_unlock) if last_unlock else since,
    ).exists()


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    # axes announces a lockout on every refused attempt; one entry per lock is enough
    username = str(username or "")[:150]
    address = ip_address or _address(request)
    if _already_recorded(username, address):
        return
    account = get_user_model().objects.filter(username=username).first() if username else None
    record(
        action=AuditAction.LOCKED_OUT,
        target_user=account,
        username=username,
        address=address,
    )
