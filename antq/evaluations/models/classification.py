"""The classification of the movement (xếp loại phong trào): points schemes with their
criteria, a unit's classification for a year with its scores, and improvement plans for units
classified weak."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.models import AreaScoped, TranslatedCatalogue
from antq.core.scoping import ScopedQuerySet
from antq.evaluations.choices import MovementClass, PlanStatus, UnitKind
from antq.evaluations.models.base import Versioned, year_field


class ClassificationScheme(Versioned):
    """A points scheme for classifying the movement of one kind of unit: criteria with their
    points, and the cut-offs of the classes. Attached to an area (none: the country's default),
    it applies to the area's subtree in its period; the most specific scheme applies."""

    unit_kind = models.CharField(_("units"), max_length=20, choices=UnitKind.choices)
    excellent_min = models.PositiveSmallIntegerField(_("points for excellent"))
    good_min = models.PositiveSmallIntegerField(_("points for good"))
    average_min = models.PositiveSmallIntegerField(_("points for average"))

    history = HistoricalRecords()

    class Meta(Versioned.Meta):
        verbose_name = _("classification scheme")
        verbose_name_plural = _("classification schemes")

    def clean(self):
        super().clean()
        if None not in (self.excellent_min, self.good_min, self.average_min) and not (
            self.excellent_min > self.good_min > self.average_min
        ):
            raise ValidationError(
                {"good_min": _("The cut-offs go down: excellent above good above average.")}
            )

    def class_for(self, points):
        if points >= self.excellent_min:
            return MovementClass.EXCELLENT
        if points >= self.good_min:
            return MovementClass.GOOD
        if points >= self.average_min:
            return MovementClass.AVERAGE
        return MovementClass.WEAK


class SchemeCriterion(TranslatedCatalogue):
    """One scored criterion of a scheme, with its maximum points."""

    code = models.SlugField(_("code"), max_length=50)
    scheme = models.ForeignKey(
        ClassificationScheme,
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    max_points = models.PositiveSmallIntegerField(_("maximum points"))

    history = HistoricalRecords()

    class Meta(TranslatedCatalogue.Meta):
        verbose_name = _("scheme criterion")
        verbose_name_plural = _("scheme criteria")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="scheme_criterion_code")
        ]


class Classification(AreaScoped):
    """The classification of a unit's movement for a year (xếp loại phong trào), from its
    points under the scheme that applies to it. Points and class are derived, never typed."""

    area_day_field = "year"

    unit_kind = models.CharField(_("unit"), max_length=20, choices=UnitKind.choices, editable=False)
    year = year_field()
    scheme = models.ForeignKey(
        ClassificationScheme,
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    points = models.PositiveSmallIntegerField(_("points"), default=0, editable=False)
    movement_class = models.CharField(
        _("class"), max_length=20, choices=MovementClass.choices, editable=False
    )
    period_end = models.DateField(_("period ends"), editable=False)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["-year", "area__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="classification_one_per_year")
        ]
        indexes = [models.Index(fields=["year", "movement_class"])]

    def __str__(self):
        return f"{self.area.name} · {self.year}"

    def get_absolute_url(self):
        return reverse("evaluations:classification-detail", args=[self.pk])


class ClassificationScore(models.Model):
    classification = models.ForeignKey(
        Classification,
        verbose_name=_("classification"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        SchemeCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveSmallIntegerField(_("points"))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path = "classification__area__path"

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["classification", "criterion"], name="one_score")
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.points}"


class ImprovementPlan(AreaScoped):
    """How a unit classified weak is to be lifted: the measures, who is responsible, by when."""

    classification = models.ForeignKey(
        Classification,
        verbose_name=_("classification"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    measures = models.TextField(_("measures"))
    responsible = models.CharField(_("responsible unit"), max_length=255)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{self.area.name} · {self.classification.year}"

    def get_absolute_url(self):
        return reverse("evaluations:improvementplan-detail", args=[self.pk])
