"""What follows from changes to accounts, connected in accounts/apps.py."""

from antq.accounts import second_factor
from antq.accounts.selectors import may_unlock
from antq.accounts.services import tokens_revoke_all


def note_password_change(sender, instance, raw=False, **kwargs):
    """set_password() leaves the new password in `_password` until the save."""
    instance._antq_password_changed = (
        not raw and instance.pk is not None and instance._password is not None
    )


def revoke_tokens_on_password_change(sender, instance, raw=False, **kwargs):
    """A changed password ends every API token issued under the old one, wherever the change
    was made (the profile, a reset link, the Django admin, `changepassword`)."""
    if instance.__dict__.pop("_antq_password_changed", False):
        # who changed it, when the caller said so (the pages do); else unknown
        tokens_revoke_all(
            user=instance,
            acting_user=getattr(instance, "_acting_user", None),
            reason="password_changed",
        )


def remember_administration(sender, request, user, **kwargs):
    """Whether the account administers any area, kept in the session at sign-in so that the menu
    can offer the administrators' pages without a query on every page (the pages check again)."""
    if request is not None and hasattr(request, "session"):
        request.session["antq_administers"] = may_unlock(user)


def remember_second_factor(sender, request, user, **kwargs):
    """Whether the account must pass a second factor, decided at sign-in (see
    accounts/second_factor.py)."""
    if request is not None and hasattr(request, "session"):
        second_factor.remember(request.session, second_factor.asked_of(user))
