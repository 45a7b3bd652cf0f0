"""The audit log (nhật ký kiểm tra): who did what, when, under which role, to what, where."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from antq.core.scoping import EVERYWHERE, Action, Role, jurisdiction_paths, scope_q


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", _("signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("sign-in failed")
    LOCKED_OUT = "locked_out", _("locked out")
    UNLOCKED = "unlocked", _("unlocked")
    EXPORT = "export", _("export")
    PERSONAL_DATA_DOWNLOAD = "personal_data_download", _("download of personal data")
    USER_CHANGED = "user_changed", _("user changed")
    ROLE_GRANTED = "role_granted", _("role granted")
    ROLE_REVOKED = "role_revoked", _("role revoked")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("password reset e-mailed")
    PASSWORD_RESET = "password_reset", _("password reset")
    PROFILE_CHANGED = "profile_changed", _("own profile changed")


class AuditQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Entries an administrator may read: those about an area in their jurisdiction, and those
        about no area (sign-ins, user changes) whose account holds a role there."""
        paths = jurisdiction_paths(user, Action.ADMINISTER)
        if paths is EVERYWHERE:
            return self.all()
        if not paths:
            return self.none()
        from antq.accounts.models import RoleAssignment

        in_jurisdiction = scope_q(user, Action.ADMINISTER, "area__path")
        holds_role = Exists(
            RoleAssignment.objects.filter(in_jurisdiction, user=OuterRef("target_user"))
        )
        return self.filter(in_jurisdiction | Q(area__isnull=True) & holds_role)


class AuditEntry(models.Model):
    """One event. Never a password or a token; a failed staff sign-in keeps the name tried and
    the address it came from (citizens' portal requests are never recorded here)."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_label = models.CharField(_("record"), max_length=255, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "at"]), models.Index(fields=["username"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} · {self.username} · {self.get_action_display()}"
