from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.areas.choices import AreaLevel
from antq.core import clock
from antq.core.models import AreaScoped, StatusChange, area_field, status_fields
from antq.tallies.choices import (
    AWAITING_STATUSES,
    LOCKED_STATUSES,
    MAX_COUNT,
    TIP_COUNT_FIELDS,
    TallyStatus,
    TallyStep,
)

NO_NAMES = _(
    "Do not write the names of suspects, offenders, victims or anyone else: a tally holds "
    "counts only."
)


def _count(label, help_text=""):
    return models.PositiveIntegerField(
        label,
        default=0,
        help_text=help_text,
        validators=[
            MinValueValidator(0, message=_("A count cannot be negative.")),
            MaxValueValidator(
                MAX_COUNT,
                message=format_lazy(
                    _("A count for one commune and month is at most {n}."), n=MAX_COUNT
                ),
            ),
        ],
    )


def _tip_count(label, help_text):
    """An optional count: empty means the tally did not report it, not zero."""
    return models.PositiveIntegerField(
        label,
        null=True,
        blank=True,
        help_text=help_text,
        validators=[
            MinValueValidator(0, message=_("A count cannot be negative.")),
            MaxValueValidator(
                MAX_COUNT,
                message=format_lazy(
                    _("A count for one commune and month is at most {n}."), n=MAX_COUNT
                ),
            ),
        ],
    )


def rate(numerator, denominator):
    """numerator / denominator to four places (0.8772 is 87.72 %), or None without a
    denominator."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )


class MonthlyTally(AreaScoped):
    """A commune's case figures for one month (số liệu tình hình tội phạm hằng tháng): counts only,
    never a register of people. Submitted by an editor of the commune, approved (and so locked)
    level by level by approvers above it (tallies/approval.py).

    Any other unit that a reporting obligation adds for the month (a district before July 2025,
    a police unit) files one too, and it is approved by the levels above it in the same way. A
    tally holds the figures of the unit's own work, never the sum of the units below it, which
    file their own: the figures of an area add up every tally under it once (the rollup counts
    by path), and the report says how many of them came from units other than communes."""

    area = area_field(db_index=False)  # the unique (area, month) index leads with it
    area_day_field = "month"

    month = models.DateField(_("month"), help_text=_("The month the figures are for."))
    criminal_cases_registered = _count(_("criminal cases registered"))
    criminal_cases_clarified = _count(
        _("criminal cases clarified"), _("At most the number of criminal cases registered.")
    )
    social_order_cases_occurred = _count(_("social-order cases occurred"))
    social_order_cases_detected = _count(
        _("social-order cases detected"), _("At most the number of social-order cases occurred.")
    )
    criminal_groups_dismantled = _count(_("criminal groups dismantled"))
    offenders_arrested = _count(_("offenders arrested"))
    drug_cases = _count(_("drug cases"))
    drug_law_violators = _count(_("drug-law violators"))
    persuaded_into_rehabilitation = _count(_("people persuaded into voluntary drug rehabilitation"))
    domestic_delegations_secured = _count(_("domestic delegations secured"))
    foreign_delegations_secured = _count(_("foreign delegations secured"))
    events_secured = _count(_("events secured"))
    tips_received = _tip_count(
        _("crime reports and tips received"),
        _(
            "Only for a month whose tips are not in antq's register; empty when not reported. "
            "A month with tips in the register takes its figures from there."
        ),
    )
    tips_settled = _tip_count(
        _("crime reports and tips settled"),
        _("Of the tips received that month, those settled; empty when not reported."),
    )
    tips_settled_on_time = _tip_count(
        _("crime reports and tips settled on time"),
        _("Of those settled, those settled within the legal time limit."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TallyStatus.choices,
        default=TallyStatus.DRAFT,
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_level = models.PositiveSmallIntegerField(
        _("approved at level"),
        choices=AreaLevel.choices,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The level of the last approval: the tally waits for the next level, if any."),
    )
    notes = models.CharField(_("notes"), max_length=1000, blank=True, help_text=NO_NAMES)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly tally")
        verbose_name_plural = _("monthly tallies")
        ordering = ["-month", "area__path"]
        constraints = [
            models.UniqueConstraint(fields=["area", "month"], name="tally_one_per_commune_month")
        ]
        indexes = [
            models.Index(fields=["month", "status"]),
            # the tallies awaiting a decision, a few of the years of tallies: the approvers'
            # queue and the inbox read them through the province's areas
            models.Index(
                fields=["area", "month"],
                # with what the approval levels read (PostgreSQL): the candidates are found
                # without reading a row (selectors.tallies_awaiting_approval)
                include=["status", "approved_level", "id"],
                condition=models.Q(status__in=AWAITING_STATUSES),
                name="tally_awaiting",
            ),
            # the tallies returned for correction: the inbox finds a province's by its areas
            models.Index(
                fields=["area", "month"],
                condition=models.Q(status=TallyStatus.RETURNED),
                name="tally_returned",
            ),
        ]

    def __str__(self):
        month = self.month.strftime("%m/%Y") if self.month else "?"
        return str(_("Tally {month}")).format(month=month)

    def get_absolute_url(self):
        return reverse("tallies:tally-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.month:
            if self.month.day != 1:
                errors["month"] = _("Give the month as its first day.")
            elif self.month > clock.today().replace(day=1):
                errors["month"] = _("This month has not begun yet.")
        if (
            self.area_id is not None
            and self.area.level != AreaLevel.COMMUNE
            and "month" not in errors
        ):
            if self.month is None or not self._obligated():
                errors["area"] = _(
                    "Tallies are kept by communes, wards and special zones, and by the units a "
                    "reporting obligation adds for the month: {unit} has none for {month}."
                ).format(
                    unit=self.area.name,
                    month=self.month.strftime("%Y-%m") if self.month else "—",
                )
        pairs = (
            (
                "criminal_cases_clarified",
                "criminal_cases_registered",
                _("More cases clarified than registered: at most {n}."),
            ),
            (
                "social_order_cases_detected",
                "social_order_cases_occurred",
                _("More social-order cases detected than occurred: at most {n}."),
            ),
        )
        for part, whole, message in pairs:
            low, high = getattr(self, part), getattr(self, whole)
            if isinstance(low, int) and isinstance(high, int) and low > high:
                errors[part] = message.format(n=high)
        errors.update(self._tip_count_errors())
        if errors:
            raise ValidationError(errors)

    def _tip_count_errors(self):
        """Each tip count is a part of the one before it: settled of received, on time of
        settled; a part needs its whole."""
        errors = {}
        for whole, part in pairwise(TIP_COUNT_FIELDS):
            low, high = getattr(self, part), getattr(self, whole)
            if not isinstance(low, int):
                continue
            if not isinstance(high, int):
                errors[whole] = _("Give this count too: {part} is a part of it.").format(
                    part=self._meta.get_field(part).verbose_name
                )
            elif low > high:
                errors[part] = _("At most {n}: {whole}.").format(
                    n=high, whole=self._meta.get_field(whole).verbose_name
                )
        return errors

    def _obligated(self):
        """Whether the reporting obligations expect the tally's unit (not a commune) to report
        for its month (reporting/selectors.expected_units_q)."""
        from antq.areas.models import Area
        from antq.reporting.selectors import expected_units_q

        return Area.objects.filter(pk=self.area_id).filter(expected_units_q(self.month)).exists()

    @property
    def has_tip_counts(self):
        return any(getattr(self, name) is not None for name in TIP_COUNT_FIELDS)

    @property
    def is_locked(self):
        return self.status in LOCKED_STATUSES

    @property
    def clarification_rate(self):
        return rate(self.criminal_cases_clarified, self.criminal_cases_registered)

    @property
    def detection_rate(self):
        return rate(self.social_order_cases_detected, self.social_order_cases_occurred)


class TallyStatusChange(StatusChange):
    """One step of a tally's workflow (submit, return, resubmit, approve at a level, unapprove):
    who, when, at which level and why. Kept for good (a tally with steps cannot be deleted)."""

    tally = models.ForeignKey(
        MonthlyTally,
        verbose_name=_("tally"),
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    from_status, to_status = status_fields(TallyStatus.choices)
    reason = models.CharField(_("reason"), max_length=1000, blank=True, help_text=NO_NAMES)
    step = models.CharField(_("step"), max_length=20, choices=TallyStep.choices)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=AreaLevel.choices, null=True, blank=True
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    scope_path = "tally__area__path"
    record_field = "tally"

    class Meta:
        verbose_name = _("step of a tally")
        verbose_name_plural = _("steps of tallies")
        ordering = ["-changed_at", "-id"]
