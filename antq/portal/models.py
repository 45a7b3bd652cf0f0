"""What the public portal keeps beside a tip: the hash of the reporter's passphrase, and the
files sent with the report (stored encrypted under var/tip-attachments/)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AttachmentKind(models.TextChoices):
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    PDF = "pdf", "PDF"


class ReporterAccess(models.Model):
    """The key to one tip for its reporter: the tip's code plus a passphrase shown once. Only the
    passphrase's hash is kept; a lost passphrase cannot be recovered."""

    tip = models.OneToOneField(
        "tips.Tip",
        verbose_name=_("tip"),
        on_delete=models.CASCADE,
        related_name="reporter_access",
    )
    passphrase_hash = models.CharField(_("passphrase (hashed)"), max_length=200, editable=False)
    # the hour only, as the tip's (antq.tips.services.reporter_hour)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("reporter access")
        verbose_name_plural = _("reporter accesses")

    def __str__(self):
        return str(self.tip_id)


class TipAttachment(models.Model):
    """A file sent with a tip through the portal. The bytes on disk are a Fernet token (they may
    show who the reporter is); the file name is random and says nothing."""

    tip = models.ForeignKey(
        "tips.Tip",
        verbose_name=_("tip"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    stored_name = models.CharField(_("stored name"), max_length=64, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the original file"), max_length=64)
    # the hour only, as the tip's (antq.tips.services.reporter_hour)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("tip attachment")
        verbose_name_plural = _("tip attachments")
        ordering = ["id"]

    def __str__(self):
        return self.stored_name
