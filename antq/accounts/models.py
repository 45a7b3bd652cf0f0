import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.models import AreaScoped
from antq.core.scoping import Role


class User(AbstractUser):
    """A person who signs in: commune police officer, village head, provincial staff …"""

    position = models.CharField(_("position"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args, **kwargs):
        # set_password() leaves the new password in _password until the save; a changed password
        # ends every API token issued under the old one, wherever the change was made.
        password_changed = self.pk is not None and self._password is not None
        super().save(*args, **kwargs)
        if password_changed:
            from antq.accounts.services import tokens_revoke_all

            # who changed it, when the caller said so (the Django admin does); else unknown
            tokens_revoke_all(
                user=self,
                acting_user=getattr(self, "_acting_user", None),
                reason="password_changed",
            )


class RoleAssignment(AreaScoped):
    """A role held at an area; it covers the area's whole subtree."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    may_read_identities = models.BooleanField(
        _("may read reporters' identities"),
        default=False,
        help_text=_("A separate grant; every reading of an identity is logged."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "area", "role"], name="unique_role_at_area")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.area}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    client = models.CharField(
        _("client"),
        max_length=60,
        default="api",
        help_text=_("The program that uses the token; a new token replaces its previous one."),
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(fields=["user", "client"], name="one_token_per_client")
        ]

    def __str__(self):
        return f"{self.user} · {self.client}"

    def is_valid(self):
        return self.expires_at > timezone.now() and self.user.is_active
