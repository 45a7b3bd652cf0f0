from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.models import AreaScoped
from antq.formats import format_date
from antq.reporting.choices import RecordKind


class Obligation(AreaScoped):
    """A unit's duty to report beyond the default, or its exemption from it (nghĩa vụ báo
    cáo). By default every commune in force in a month reports its monthly tally; an obligation
    adds another unit (a district before July 2025, say) or, with `exempt`, excuses one, for
    the months it overlaps."""

    kind = models.CharField(
        _("record"), max_length=30, choices=RecordKind.choices, default=RecordKind.MONTHLY_TALLY
    )
    exempt = models.BooleanField(
        _("exempt"), default=False, help_text=_("The unit does not report in these months.")
    )
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["area__path", "valid_from", "id"]

    def __str__(self):
        return f"{self.area} · {self.get_kind_display()}"

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValidationError({"valid_to": _("The end is before the start.")})
        unit = self.area if self.area_id else None
        # a unit reports only while it is in force (reporting/selectors.adjustments): an
        # obligation wholly outside its validity would expect nothing, and says so
        if unit and unit.valid_to and self.valid_from and self.valid_from > unit.valid_to:
            raise ValidationError(
                {
                    "valid_from": _(
                        "{unit} ended on {day}: it reports nothing after then, so an obligation "
                        "cannot begin later."
                    ).format(unit=unit.name, day=format_date(unit.valid_to))
                }
            )
        if unit and unit.valid_from and self.valid_to and self.valid_to < unit.valid_from:
            raise ValidationError(
                {
                    "valid_to": _(
                        "{unit} began on {day}: it reports nothing before then, so an obligation "
                        "cannot end earlier."
                    ).format(unit=unit.name, day=format_date(unit.valid_from))
                }
            )
