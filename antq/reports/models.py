"""Signed-off period reports."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from antq.core.models import AreaScoped


class Boundaries(models.TextChoices):
    FILED = "filed", _("As filed (the units the records were filed under)")
    TODAY = "today", _("Today's units (former communes through the crosswalk)")


class FrozenReport(AreaScoped):
    """A period report signed off by an approver of the area (báo cáo đã ký duyệt): its figures
    are kept as they were on signing, in no language (the wording is written when it is read),
    so that later corrections show as differences against it. Never changed once written."""

    date_from = models.DateField(_("from date"))
    date_to = models.DateField(_("to date"))
    boundaries = models.CharField(
        _("boundaries"), max_length=10, choices=Boundaries.choices, default=Boundaries.FILED
    )
    figures = models.JSONField(_("figures"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signed report")
        verbose_name_plural = _("signed reports")
        db_table = "indicators_frozenreport"  # signed off before reports had an app of their own
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "date_from", "date_to", "boundaries"], name="unique_frozen_report"
            )
        ]

    def __str__(self):
        return f"{self.area} {self.date_from}–{self.date_to} ({self.boundaries})"

    def get_absolute_url(self):
        return reverse("reports:signed-report", args=[self.pk])

    @property
    def signer_name(self):
        return self.signed_by.person_label
