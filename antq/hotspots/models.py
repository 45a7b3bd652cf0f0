from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.areas.choices import AreaLevel
from antq.core.models import AreaScoped, StatusChange, check_area, status_fields
from antq.hotspots.choices import HotspotKind, HotspotStatus

NO_NAMES = _(
    "Describe the situation, not people: no names of those involved, no lists of participants."
)
# A hotspot is a local situation, watched by the commune police where it arises. Imports pass
# these as the levels a row's unit code may name.
HOST_LEVELS = (AreaLevel.COMMUNE, AreaLevel.VILLAGE)


class Hotspot(AreaScoped):
    """A complex local security-and-order situation (điểm nóng về an ninh, trật tự): a land or
    boundary dispute, a site clearance, a labour dispute … detected, watched and settled early.
    A record of the situation, never of the people in it."""

    area_day_field = "opened_on"
    area_levels = HOST_LEVELS

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=HotspotKind.choices)
    opened_on = models.DateField(_("arose on"))
    status = models.CharField(
        _("status"), max_length=20, choices=HotspotStatus.choices, default=HotspotStatus.MONITORING
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=NO_NAMES)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["area", "opened_on"]),
            models.Index(fields=["status", "settled_on"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hotspots:hotspot-detail", args=[self.pk])

    def clean(self):
        errors = {}
        today = date.today()
        check_area(self, self.area_levels, errors)
        if self.opened_on and self.opened_on > today:
            errors["opened_on"] = _("This date is in the future.")
        if self.status == HotspotStatus.SETTLED:
            if not self.settled_on:
                errors["settled_on"] = _("A settled hotspot has the date it was settled.")
            elif self.opened_on and self.settled_on < self.opened_on:
                errors["settled_on"] = _("A hotspot is settled on or after the day it arose.")
            elif self.settled_on > today:
                errors["settled_on"] = _("This date is in the future.")
        elif self.settled_on:
            errors["settled_on"] = _("Only a settled hotspot has a date of settlement.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.status != HotspotStatus.SETTLED


class HotspotStatusChange(StatusChange):
    """One change of a hotspot's status, with its date and reason; reached through its hotspot."""

    hotspot = models.ForeignKey(
        Hotspot,
        verbose_name=_("hotspot"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status, to_status = status_fields(HotspotStatus.choices)
    changed_on = models.DateField(_("changed on"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_path = "hotspot__area__path"
    record_field = "hotspot"

    class Meta:
        verbose_name = _("status change of a hotspot")
        verbose_name_plural = _("status changes of hotspots")
        ordering = ["-changed_on", "-id"]

    @classmethod
    def initial_for(cls, hotspot, user):
        """The first row of a new hotspot: from nothing to its status, on the day it arose (the
        day it was settled for one recorded as already settled)."""
        settled = hotspot.status == HotspotStatus.SETTLED and hotspot.settled_on
        return cls(
            hotspot=hotspot,
            from_status="",
            to_status=hotspot.status,
            changed_on=hotspot.settled_on if settled else hotspot.opened_on,
            changed_by=user,
        )
