"""What the public portal keeps beside a tip: the hash of the reporter's passphrase. The files
sent with a report are the tip's (antq.tips.models.TipAttachment)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    # the hour only, as the tip's (antq.tips.services.common.reporter_hour)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("reporter access")
        verbose_name_plural = _("reporter accesses")

    def __str__(self):
        return str(self.tip_id)
