import hashlib

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.models import AreaScoped
from antq.core.scoping import Role


class User(AbstractUser):
    """A person who signs in: commune police officer, village head, provincial staff …

    Where they acted, a page names them by `person_label` (rank, full name, position), never by
    their user name unless nothing else is known."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    rank = models.CharField(
        _("rank"),
        max_length=60,
        blank=True,
        help_text=_("e.g. “Đại úy” (cấp bậc); empty for civilians."),
    )
    position = models.CharField(
        _("position"),
        max_length=120,
        blank=True,
        help_text=_("e.g. “Trưởng Công an xã” (chức vụ)."),
    )
    # An area, not free text: the unit is the same node of the area tree that roles and records
    # hang off, so it can default the area pickers and cannot be misspelt; it says where the
    # person works, and grants nothing (roles do).
    unit = models.ForeignKey(
        "areas.Area",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 .-]{5,18}$", _("Digits only, optionally with + and spaces.")
            )
        ],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.person_label

    def get_full_name(self):
        return self.full_name.strip() or super().get_full_name()

    @property
    def person_label(self) -> str:
        """“Đại úy Nguyễn Văn A, Trưởng Công an xã”: rank, full name, position; the user name
        stands in for a missing full name."""
        name = self.get_full_name() or self.get_username()
        name = " ".join(part for part in (self.rank.strip(), name) if part)
        position = self.position.strip()
        return f"{name}, {position}" if position else name


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
