"""Signed-off period reports, and the lock exceptions that reopen a closed period."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.models import AreaScoped
from antq.reporting.periods import period_text


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
    # the letterhead it goes out with as an administrative document (Decree 30/2020/NĐ-CP; see
    # reports/letterhead.py): blank ones take their defaults, in the language it is read in
    superior = models.CharField(_("body directly above"), max_length=200, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=200, blank=True)
    number = models.CharField(_("document number"), max_length=50, blank=True)
    # the name and position the signature block prints (`signer_name` is the approver's label)
    signatory_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    signatory_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One a line."))

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


class LockException(AreaScoped):
    """A lock exception (DHIS2's): an approver above a unit reopens one month of it, closed by an
    approved tally, a signed report or the entry's expiry, for writes until `ends_on`, for a
    reason. Revoked early, or past its end, it opens nothing."""

    month = models.DateField(_("month"), help_text=_("The first day of the month it reopens."))
    reason = models.TextField(_("reason"))
    ends_on = models.DateField(_("valid until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return _("{unit}, {month}").format(unit=self.area, month=self.period)

    @property
    def period(self):
        """The reporting period it reopens, named as ANTQ_REPORT_PERIOD has it (with the cut-off
        of the 15th, the days it runs over)."""
        return period_text(self.month)

    def get_absolute_url(self):
        return reverse("reports:lock-exception", args=[self.pk])

    def is_valid_on(self, day):
        return self.revoked_at is None and self.ends_on >= day


class WriteKind(models.TextChoices):
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    DELETED = "deleted", _("deleted")


class ExceptionWrite(models.Model):
    """A write into a closed period that a lock exception let through: what the signed
    report's "changes since" lists."""

    exception = models.ForeignKey(
        LockException,
        verbose_name=_("lock exception"),
        on_delete=models.PROTECT,
        related_name="writes",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("record id"), max_length=64)
    object_label = models.CharField(_("record"), max_length=255)
    kind = models.CharField(_("write"), max_length=10, choices=WriteKind.choices)
    dated = models.DateField(_("record date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("write under a lock exception")
        verbose_name_plural = _("writes under lock exceptions")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.object_label} ({self.kind}, {self.dated})"


class ReportJob(models.Model):
    """A large report (a province's or above: `jobs.runs_in_background`) made as a background
    task by the job worker for the person who asked for it; the page polls its progress and
    offers the file when it is ready. The file is kept privately under var/reports/ until
    `expires_at`, and only its owner may fetch it (404 for anyone else)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    class Failure(models.TextChoices):
        NONE = "", _("none")
        ERROR = "error", _("an error in the report")
        WORKER_STOPPED = "worker_stopped", _("the job worker stopped")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="+"
    )
    date_from = models.DateField(_("from date"))
    date_to = models.DateField(_("to date"))
    boundaries = models.CharField(
        _("boundaries"), max_length=10, choices=Boundaries.choices, default=Boundaries.FILED
    )
    lang = models.CharField(_("language"), max_length=10)
    fmt = models.CharField(_("format"), max_length=10)
    # the letterhead asked for on the report's form (reports/letterhead.Letterhead's fields)
    letterhead = models.JSONField(_("letterhead"), default=dict, blank=True)
    # a signed report's download: its kept figures and letterhead, not today's (jobs.py)
    frozen = models.ForeignKey(
        FrozenReport,
        verbose_name=_("signed report"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    failure = models.CharField(
        _("failure"), max_length=20, choices=Failure.choices, default=Failure.NONE, blank=True
    )
    # progress: the units the report covers, and its steps (the figures, each section's text,
    # the file) done of all
    units = models.PositiveIntegerField(_("units"), default=0)
    steps_done = models.PositiveIntegerField(_("steps done"), default=0)
    steps_total = models.PositiveIntegerField(_("steps"), default=0)
    # the file's name under var/reports/, deleted when it expires
    output = models.CharField(_("stored file"), max_length=100, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.area} {self.date_from}–{self.date_to} ({self.fmt}, {self.lang})"

    def get_absolute_url(self):
        return reverse("reports:report-job", args=[self.pk])

    @property
    def unfinished(self):
        return self.status in (self.Status.PENDING, self.Status.RUNNING)
