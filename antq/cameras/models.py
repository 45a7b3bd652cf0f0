from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.cameras.choices import CameraStatus, FundingSource, OwnerType
from antq.core.models import AreaScoped

RECONFIRM_EVERY = timedelta(days=365)

_lat = [MinValueValidator(-90), MaxValueValidator(90)]
_lon = [MinValueValidator(-180), MaxValueValidator(180)]


class CameraSite(AreaScoped):
    """A place where security cameras are installed (one or more heads), by a household, an
    agency, an enterprise, a school, or as the commune's own networked system."""

    area_day_field = "installed_on"

    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=_lat)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=_lon)
    owner_type = models.CharField(_("owner type"), max_length=20, choices=OwnerType.choices)
    owner_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("owner organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="camera_sites",
    )
    household_contact = models.CharField(
        _("household contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "Name and phone of the household; personal data, shown only in the jurisdiction."
        ),
    )
    heads = models.PositiveIntegerField(
        _("camera heads"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    connected = models.BooleanField(_("connected to the commune system"), default=False)
    retention_days = models.PositiveIntegerField(
        _("recording kept (days)"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CameraStatus.choices, default=CameraStatus.WORKING
    )
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices, blank=True
    )
    funding_amount = models.DecimalField(
        _("funding amount (VND)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registration verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    footage_consent = models.BooleanField(_("owner consents to footage requests"), default=False)
    reconfirm_due_on = models.DateField(
        _("re-confirmation due on"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Each site is re-confirmed every year."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["household_contact"])

    class Meta:
        verbose_name = _("camera site")
        verbose_name_plural = _("camera sites")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["area", "status"]),
            models.Index(fields=["latitude", "longitude"]),
            # the sites still standing by area and re-confirmation date: the inbox counts a
            # province's sites that have fallen due from the index alone, area by area
            models.Index(
                fields=["area", "reconfirm_due_on"],
                condition=~models.Q(status=CameraStatus.REMOVED),
                name="camerasite_reconfirm_due",
            ),
        ]

    def __str__(self):
        return self.address or str(_("Camera site {n}").format(n=self.pk))

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cameras:camerasite-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if self.owner_type == OwnerType.HOUSEHOLD and self.owner_organisation_id:
            errors["owner_organisation"] = _("A household's site has no owner organisation.")
        if self.funding_amount is not None and not self.funding_source:
            errors["funding_source"] = _("Say where the money came from.")
        if self.installed_on and self.installed_on > date.today():
            errors["installed_on"] = _("This date is in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def reconfirmation_overdue(self):
        return self.reconfirm_due_on is not None and self.reconfirm_due_on < date.today()


class FirePoint(AreaScoped):
    """A public fire-fighting point (điểm chữa cháy công cộng)."""

    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=_lat)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=_lon)
    equipment = models.TextField(
        _("equipment"),
        blank=True,
        help_text=_("One item per line, e.g. “2 × 8 kg powder extinguisher”."),
    )
    last_inspected_on = models.DateField(_("last inspected on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public fire-fighting point")
        verbose_name_plural = _("public fire-fighting points")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cameras:firepoint-detail", args=[self.pk])

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})
        if self.last_inspected_on and self.last_inspected_on > date.today():
            raise ValidationError({"last_inspected_on": _("This date is in the future.")})

    @property
    def equipment_list(self):
        return [line.strip() for line in self.equipment.splitlines() if line.strip()]
