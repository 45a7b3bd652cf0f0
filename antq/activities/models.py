from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.activities.choices import (
    DIALOGUE_PARTIES,
    FESTIVAL_PARTS,
    ActivityKind,
    SecuredEventKind,
)
from antq.core import clock
from antq.core.files import AttachmentKind
from antq.core.models import AreaScoped, area_field
from antq.core.scoping import ScopedQuerySet

MAX_PEOPLE = 10_000_000


def _people(label, **kwargs):
    return models.PositiveIntegerField(
        label,
        validators=[
            MinValueValidator(0, message=_("A number of people cannot be negative.")),
            MaxValueValidator(MAX_PEOPLE, message=_("That is more people than a unit holds.")),
        ],
        **kwargs,
    )


# the fields `Activity.clean` reads, named once
_PARTY_FIELDS = tuple(name for name, _label in DIALOGUE_PARTIES)
_NOT_DIALOGUE_FIELDS = (*_PARTY_FIELDS, "other_parties")
_FESTIVAL_FIELDS = tuple(name for name, _label in FESTIVAL_PARTS)


def _not_in_future(record, field, errors):
    day = getattr(record, field)
    if day and day > clock.today():
        errors[field] = _("This date is in the future: record it once it has taken place.")


def _not_before(record, field, start_field, message, errors):
    day, start = getattr(record, field), getattr(record, start_field)
    if day and start and day < start and field not in errors:
        errors[field] = message


class Activity(AreaScoped):
    """An activity of the movement held in an area: an outreach session (tuyên truyền), a
    dialogue (đối thoại), a training (tập huấn), a preliminary or final review (sơ kết, tổng kết),
    the movement festival day (Ngày hội toàn dân bảo vệ an ninh Tổ quốc, around 19 August, with
    a ceremony part and a festival part), the signing of emulation agreements, or another.

    Organising organisations are a many-to-many link written by the services (only organisations
    the user may see); changes to it are written into the history's reason."""

    area = area_field(db_index=False)  # the (area, kind) index leads with it
    area_day_field = "held_on"

    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("held on"))
    organisers = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("organising organisations"),
        blank=True,
        related_name="activities_organised",
    )
    participants = _people(_("participants"), default=0)
    with_leaders = models.BooleanField(DIALOGUE_PARTIES[0][1], default=False)
    with_employers = models.BooleanField(DIALOGUE_PARTIES[1][1], default=False)
    with_workers = models.BooleanField(DIALOGUE_PARTIES[2][1], default=False)
    with_unions = models.BooleanField(DIALOGUE_PARTIES[3][1], default=False)
    with_residents = models.BooleanField(DIALOGUE_PARTIES[4][1], default=False)
    other_parties = models.CharField(
        _("other parties"),
        max_length=255,
        blank=True,
        help_text=_("For dialogues: parties not in the list above."),
    )
    ceremony_held = models.BooleanField(FESTIVAL_PARTS[0][1], default=False)
    festival_held = models.BooleanField(FESTIVAL_PARTS[1][1], default=False)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on", "kind"]), models.Index(fields=["area", "kind"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:activity-detail", args=[self.pk])

    @property
    def parties(self):
        """The labels of the dialogue's parties, the listed ones first."""
        named = [str(label) for name, label in DIALOGUE_PARTIES if getattr(self, name)]
        return named + ([self.other_parties] if self.other_parties else [])

    @property
    def parts_held(self):
        return [str(label) for name, label in FESTIVAL_PARTS if getattr(self, name)]

    def clean(self):
        errors = {}
        _not_in_future(self, "held_on", errors)
        if self.kind == ActivityKind.DIALOGUE:
            # `parties` without its labels: whether any is ticked or named
            if not (self.other_parties or any(getattr(self, name) for name in _PARTY_FIELDS)):
                errors["with_leaders"] = _(
                    "Say who took part in the dialogue: tick at least one party or name it."
                )
        else:
            for name in _NOT_DIALOGUE_FIELDS:
                if getattr(self, name):
                    errors[name] = _("Parties are recorded for dialogues only.")
                    break
        if self.kind == ActivityKind.FESTIVAL_DAY:
            if not self.parts_held:
                errors["ceremony_held"] = _(
                    "Say which parts of the festival day were held: the ceremony, the festival "
                    "or both."
                )
        else:
            for name in _FESTIVAL_FIELDS:
                if getattr(self, name):
                    errors[name] = _("Ceremony and festival parts belong to festival days only.")
                    break
        if errors:
            raise ValidationError(errors)


class ActivityAttachment(models.Model):
    """A photo or a document of an activity (minutes, a programme, a picture of the day), checked
    by its content to be a JPEG, PNG or PDF and stored under the var directory with a random
    name. Seen only by staff who may see the activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attachments"
    )
    stored_name = models.CharField(_("stored name"), max_length=64, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "activity__area__path"

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.original_name

    @property
    def area(self):
        """Rights over an attachment are rights over its activity's area."""
        return self.activity.area

    @property
    def content_type(self):
        return {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}[self.kind]

    @property
    def download_extension(self):
        """The extension of the kind the content was checked to be, not the one sent."""
        return {"jpeg": "jpg", "png": "png", "pdf": "pdf"}[self.kind]


class SecuredEvent(AreaScoped):
    """A delegation or an event kept secure (bảo vệ an toàn các đoàn khách, sự kiện): the
    detailed record of each one.

    The monthly tallies (antq.tallies) also carry counts of domestic and foreign delegations and
    events secured: those are the police's monthly figures as reported, these are the records
    behind them. Both are kept, and the indicators keep them apart (tallies.* and events.*)."""

    area_day_field = "held_on"

    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=30, choices=SecuredEventKind.choices)
    name = models.CharField(_("name"), max_length=255)
    scale = _people(
        _("scale (people)"),
        null=True,
        blank=True,
        help_text=_("How many people the delegation or event gathered, if known."),
    )
    incidents_occurred = models.BooleanField(_("incidents occurred"), default=False)
    incident_description = models.TextField(
        _("incidents"),
        blank=True,
        help_text=_("What happened, if anything did. No names of people."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("secured delegation or event")
        verbose_name_plural = _("secured delegations and events")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on", "kind"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("activities:securedevent-detail", args=[self.pk])

    def clean(self):
        errors = {}
        _not_in_future(self, "held_on", errors)
        described = bool((self.incident_description or "").strip())
        if self.incidents_occurred and not described:
            errors["incident_description"] = _("Describe the incidents.")
        elif described and not self.incidents_occurred:
            errors["incidents_occurred"] = _(
                "Incidents are described: tick “incidents occurred”, or clear the description."
            )
        if errors:
            raise ValidationError(errors)


class CoordinationRegulation(AreaScoped):
    """A coordination regulation (quy chế phối hợp) signed between the police and party
    committees, the army, the border guard, mass organisations, agencies or enterprises. In
    force from its signing until it ends; reviewed on its review date."""

    area_day_field = "signed_on"

    number = models.CharField(_("document number"), max_length=100)
    title = models.CharField(_("title"), max_length=255)
    parties = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("parties"),
        blank=True,
        related_name="coordination_regulations",
    )
    signed_on = models.DateField(_("signed on"))
    scope = models.TextField(_("scope"), blank=True)
    review_on = models.DateField(
        _("review date"), null=True, blank=True, help_text=_("When the regulation is reviewed.")
    )
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The last day it was in force, if it was ended or replaced."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coordination regulation")
        verbose_name_plural = _("coordination regulations")
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["review_on"]), models.Index(fields=["signed_on"])]

    def __str__(self):
        return f"{self.number} · {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse("activities:regulation-detail", args=[self.pk])

    def clean(self):
        errors = {}
        _not_in_future(self, "signed_on", errors)
        _not_before(
            self,
            "review_on",
            "signed_on",
            _("The review date is before the regulation was signed."),
            errors,
        )
        _not_before(
            self, "ended_on", "signed_on", _("The regulation ends before it was signed."), errors
        )
        if errors:
            raise ValidationError(errors)

    def in_force_on(self, day):
        return self.signed_on <= day and (self.ended_on is None or self.ended_on >= day)
