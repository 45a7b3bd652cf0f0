"""What the three schemes share: versioned catalogue entries (the legal text, the days in
force, the area whose subtree they apply to) and the year a result belongs to."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.models import TranslatedCatalogue
from antq.evaluations import windows

YEAR = [MinValueValidator(windows.FIRST_YEAR), MaxValueValidator(2100)]


def year_field():
    return models.PositiveSmallIntegerField(_("year"), validators=YEAR)


class Versioned(TranslatedCatalogue):
    """A versioned catalogue entry: the legal text it comes from, the days it is in force, and
    optionally the area whose subtree it applies to (none: the whole country)."""

    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("applies under"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: everywhere. An area: that area and everything under it."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source_note = models.TextField(_("source note"), blank=True)

    class Meta(TranslatedCatalogue.Meta):
        abstract = True

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})

    def in_force_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


def in_force_q(day, prefix=""):
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def applies_under_q(area, prefix=""):
    """Entries for the whole country, or for `area` or one of its ancestors."""
    ancestors = [area.path[:n] for n in range(area.steplen, len(area.path) + 1, area.steplen)]
    return Q(**{f"{prefix}area__isnull": True}) | Q(**{f"{prefix}area__path__in": ancestors})
