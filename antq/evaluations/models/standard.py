"""The "safe for security and order" standard (tiêu chuẩn "An toàn về an ninh, trật tự",
Circular 124/2021/TT-BCA): criteria sets and their criteria, registrations, assessments with
their answers and files, and recognition decisions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.models import AreaScoped, TimeStamped, TranslatedCatalogue
from antq.core.scoping import ScopedQuerySet
from antq.evaluations import windows
from antq.evaluations.choices import AssessmentStatus, SubjectKind
from antq.evaluations.models.base import Versioned, year_field


class CriteriaSet(Versioned):
    """The criteria of the standard for one kind of subject, in one version of the law."""

    subject_kind = models.CharField(_("subject"), max_length=20, choices=SubjectKind.choices)
    min_optional_met = models.PositiveSmallIntegerField(
        _("optional criteria to meet"),
        default=0,
        help_text=_(
            "A subject meets the standard when it meets every required criterion and "
            "at least this many of the others."
        ),
    )

    history = HistoricalRecords()

    class Meta(Versioned.Meta):
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")


class Criterion(TranslatedCatalogue):
    """One criterion of a set (tiêu chí): its legal wording in Vietnamese, short names in three
    languages, and whether it is required. The criteria of the law have no area; a province's
    own criteria name the province and the days they apply."""

    code = models.SlugField(
        _("code"),
        max_length=50,
        help_text=_("Unique within the set; the records that pre-fill an answer are found by it."),
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    number = models.CharField(_("number"), max_length=10, blank=True)
    text = models.TextField(_("wording (Vietnamese)"))
    required = models.BooleanField(_("required"), default=True)
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("For criteria with a share (0.7 is 70 %)."),
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("added for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: a criterion of the law. An area: added by it for its subtree."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source_note = models.TextField(_("source note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "area__path", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_in_set")
        ]

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})

    @property
    def is_local(self):
        return self.area_id is not None


class Subjected(AreaScoped):
    """A record about one subject in one year: an area (a village, a commune) or an
    organisation (held at its area)."""

    area_day_field = "year"

    subject_kind = models.CharField(
        _("subject"), max_length=20, choices=SubjectKind.choices, editable=False
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = year_field()
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    class Meta:
        abstract = True

    @property
    def subject_name(self):
        return self.organisation.name if self.organisation_id else self.area.name

    @property
    def window(self):
        return windows.window(self.subject_kind, self.year)


def _one_per_subject(prefix):
    return [
        models.UniqueConstraint(
            fields=["area", "year"],
            condition=Q(organisation__isnull=True),
            name=f"{prefix}_one_per_area_year",
        ),
        models.UniqueConstraint(
            fields=["organisation", "year"],
            condition=Q(organisation__isnull=False),
            name=f"{prefix}_one_per_organisation_year",
        ),
    ]


class Registration(Subjected):
    """A subject's registration to strive for the standard in a year (đăng ký phấn đấu đạt
    tiêu chuẩn), due by the end of the first quarter; a later one is accepted and flagged."""

    registered_on = models.DateField(_("registered on"))
    plan_adopted_on = models.DateField(
        _("plan or resolution adopted on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the subject's plan (or the party committee's resolution) on "
            "security and order for the year was adopted."
        ),
    )
    is_late = models.BooleanField(_("late"), default=False, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-year", "area__path", "id"]
        constraints = _one_per_subject("registration")
        indexes = [models.Index(fields=["year", "subject_kind"])]

    def __str__(self):
        return f"{self.subject_name} · {self.year}"

    def get_absolute_url(self):
        return reverse("evaluations:registration-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.is_late = bool(self.registered_on and windows.is_late(self.registered_on, self.year))
        super().save(*args, **kwargs)


class RecognitionDecision(models.Model):
    """A decision (or certificate) of a competent authority recognising subjects as meeting the
    standard. One decision may recognise many subjects; its number is the authority's own for
    the year and is never given to another of its decisions that year."""

    authority = models.ForeignKey(
        "areas.Area",
        verbose_name=_("issuing authority"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("decision or certificate number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    # Vietnamese authorities number their decisions afresh each year ("125/QĐ-UBND")
    decided_year = models.PositiveSmallIntegerField(_("year of the decision"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "decided_year", "number"], name="decision_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.number} ({self.decided_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.decided_year = self.decided_on.year
        super().save(*args, **kwargs)


class Assessment(Subjected):
    """A subject's assessment against the standard for a year: an answer per criterion, the
    result derived from them by the set's rule, and the recognition by the level above."""

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.PROTECT, related_name="+"
    )
    window_start = models.DateField(_("window opens"), editable=False)
    window_end = models.DateField(_("window closes"), editable=False)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        editable=False,
    )
    meets_standard = models.BooleanField(
        _("meets the standard"),
        null=True,
        editable=False,
        help_text=_("Derived from the answers by the criteria set's rule."),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.ForeignKey(
        RecognitionDecision,
        verbose_name=_("recognition decision"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recognised by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-year", "area__path", "id"]
        constraints = _one_per_subject("assessment")
        indexes = [
            models.Index(fields=["year", "subject_kind", "status"]),
            # the inbox's work, a small part of the years of assessments: drafts to complete,
            # and results that meet the standard awaiting recognition, found by their areas;
            # each holds what the inbox filters and orders on and the key (PostgreSQL), so that
            # its counts and its first items' keys read the index alone
            models.Index(
                fields=["area", "window_end"],
                include=["window_start", "id"],
                condition=Q(status=AssessmentStatus.DRAFT),
                name="assessment_draft",
            ),
            models.Index(
                fields=["area", "year"],
                include=["id"],
                condition=Q(status=AssessmentStatus.ASSESSED, meets_standard=True),
                name="assessment_to_recognise",
            ),
        ]

    def __str__(self):
        return f"{self.subject_name} · {self.year}"

    def get_absolute_url(self):
        return reverse("evaluations:assessment-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        w = windows.window(self.subject_kind, self.year)
        self.window_start, self.window_end = w.start, w.end
        super().save(*args, **kwargs)

    @property
    def is_draft(self):
        return self.status == AssessmentStatus.DRAFT


class Answer(TimeStamped):
    """The answer to one criterion: met or not, the evidence, and what antq's records
    suggested (with their evidence) when it was given. An answer against a suggestion that the
    records could back needs a reason, which is kept."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    met = models.BooleanField(_("met"), null=True, blank=True)
    evidence = models.TextField(_("evidence notes"), blank=True)
    suggested = models.BooleanField(
        _("suggested by the records"), null=True, blank=True, editable=False
    )
    suggestion_evidence = models.TextField(
        _("evidence from the records"), blank=True, editable=False
    )
    data_sufficient = models.BooleanField(_("records sufficient"), default=False, editable=False)
    override_reason = models.TextField(_("reason for answering against the records"), blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path = "assessment__area__path"

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["criterion__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="one_answer")
        ]

    def __str__(self):
        return f"{self.assessment_id} · {self.criterion.code}"

    @property
    def area(self):
        return self.assessment.area

    @property
    def overridden(self):
        return (
            self.data_sufficient
            and self.suggested is not None
            and self.met is not None
            and self.met != self.suggested
        )


class AnswerAttachment(models.Model):
    """A file backing an answer (minutes, a decision, a photo): PDF, JPEG or PNG, checked by
    its content, served only within the assessment's jurisdiction."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="evaluations/")
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "answer__assessment__area__path"

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.original_name
