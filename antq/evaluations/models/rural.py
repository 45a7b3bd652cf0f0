"""The new-rural programme's criterion on national defence and security (tiêu chí quốc phòng
và an ninh) for communes: versioned sets of sub-criteria and a commune's assessment for a year."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.models import AreaScoped, TranslatedCatalogue
from antq.core.scoping import ScopedQuerySet
from antq.evaluations.models.base import Versioned, year_field


class RuralCriterionSet(Versioned):
    """The sub-criteria of the new-rural programme's criterion on national defence and security
    for communes, in one version (national, or a province's own)."""

    history = HistoricalRecords()

    class Meta(Versioned.Meta):
        verbose_name = _("rural criterion set")
        verbose_name_plural = _("rural criterion sets")


class RuralSubCriterion(TranslatedCatalogue):
    code = models.SlugField(_("code"), max_length=50)
    criteria_set = models.ForeignKey(
        RuralCriterionSet,
        verbose_name=_("set"),
        on_delete=models.CASCADE,
        related_name="sub_criteria",
    )
    number = models.CharField(_("number"), max_length=10, blank=True)
    text = models.TextField(_("wording (Vietnamese)"))

    history = HistoricalRecords()

    class Meta(TranslatedCatalogue.Meta):
        verbose_name = _("rural sub-criterion")
        verbose_name_plural = _("rural sub-criteria")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="rural_sub_code")
        ]


class RuralAssessment(AreaScoped):
    """Whether a commune meets the new-rural criterion on defence and security in a year: met
    when every sub-criterion is met."""

    area_day_field = "year"

    year = year_field()
    criteria_set = models.ForeignKey(
        RuralCriterionSet,
        verbose_name=_("set"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    assessed_on = models.DateField(_("assessed on"))
    meets = models.BooleanField(_("met"), default=False, editable=False)
    period_end = models.DateField(_("period ends"), editable=False)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("new-rural criterion assessment")
        verbose_name_plural = _("new-rural criterion assessments")
        ordering = ["-year", "area__path", "id"]
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="rural_one_per_year")]

    def __str__(self):
        return f"{self.area.name} · {self.year}"

    def get_absolute_url(self):
        return reverse("evaluations:ruralassessment-detail", args=[self.pk])


class RuralAnswer(models.Model):
    assessment = models.ForeignKey(
        RuralAssessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    sub_criterion = models.ForeignKey(
        RuralSubCriterion,
        verbose_name=_("sub-criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    met = models.BooleanField(_("met"))
    evidence = models.TextField(_("evidence notes"), blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path = "assessment__area__path"

    class Meta:
        verbose_name = _("rural answer")
        verbose_name_plural = _("rural answers")
        ordering = ["sub_criterion__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "sub_criterion"], name="one_rural_answer")
        ]

    def __str__(self):
        return f"{self.sub_criterion.code}: {self.met}"
