"""Signed-off reports, and the indicator rollup's tables (see rollup/), which only the
database writes."""

from django.conf import settings
from django.db import models
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
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "date_from", "date_to", "boundaries"], name="unique_frozen_report"
            )
        ]

    def __str__(self):
        return f"{self.area} {self.date_from}–{self.date_to} ({self.boundaries})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:signed-report", args=[self.pk])

    @property
    def signer_name(self):
        return self.signed_by.person_label


class Cell(models.Model):
    """One indicator's month (grain 1) or year (grain 0) value for one area's whole subtree.
    Stocks are held as deltas (see rollup/); `parent` is the parent area's path, so that a
    breakdown by children is one equality lookup."""

    path = models.CharField(max_length=255)
    parent = models.CharField(max_length=255)
    key = models.CharField(max_length=80)
    grain = models.PositiveSmallIntegerField()
    bucket = models.IntegerField()
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["path", "grain", "key", "bucket"], name="indicators_cell_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["parent", "grain", "key", "bucket"], name="indicators_cell_children"
            )
        ]

    def __str__(self):
        return f"{self.path} {self.key} {self.grain}:{self.bucket} = {self.value}"


class OwnCell(models.Model):
    """One indicator's month value for the records attached to one area itself (not below)."""

    path = models.CharField(max_length=255)
    key = models.CharField(max_length=80)
    bucket = models.IntegerField()
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["path", "key", "bucket"], name="indicators_owncell_unique"
            )
        ]

    def __str__(self):
        return f"{self.path} {self.key} {self.bucket} = {self.value}"


class RollupState(models.Model):
    """Which indicators the rollup holds, and for which declaration of each (its fingerprint):
    an indicator whose declaration changed is computed from the records until it is rebuilt."""

    key = models.CharField(max_length=80, primary_key=True)
    fingerprint = models.CharField(max_length=64)
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.key
