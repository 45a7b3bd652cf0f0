from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.areas.choices import AreaLevel
from antq.core.models import AreaScoped, check_area
from antq.registry.choices import OrganisationType


class Organisation(AreaScoped):
    """An agency, enterprise, school, industrial park or mass organisation (cơ quan, doanh nghiệp,
    trường học, đoàn thể) that hosts models and teams and is evaluated each year. It stands at
    the unit it belongs to: a provincial police department or labour federation at its province,
    a district's agencies (before 2025) at their district, a school at its commune or village.
    Imports pass `area_levels` as the levels a row's unit code may name."""

    area_levels = (AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.COMMUNE, AreaLevel.VILLAGE)

    name = models.CharField(_("name"), max_length=255)
    org_type = models.CharField(_("type"), max_length=30, choices=OrganisationType.choices)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["area", "org_type"])]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        check_area(self, self.area_levels, errors)
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("registry:organisation-detail", args=[self.pk])
