"""Crime reports and tips (tố giác, tin báo về tội phạm, kiến nghị khởi tố): the staff side.

A tip is handled by one unit at a time (its `area`); transfers move it and keep the chain in
its events. The reporter's identity is stored only encrypted (antq.core.crypto), never copied
into the history tables, and every reading of it is an IdentityReveal row.
"""

import math
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from antq.areas.choices import AreaLevel
from antq.core import clock
from antq.core.files import AttachmentKind
from antq.core.models import AreaScoped, TranslatedCatalogue, area_field
from antq.core.scoping import Action, ScopedQuerySet, scope_q
from antq.tips.choices import (
    OPEN,
    RUNNING,
    SETTLED,
    Channel,
    EventKind,
    FootageOutcome,
    LegalKind,
    TipStatus,
)

# The units that handle tips: communes/wards and provinces (and, for records before July 2025,
# the districts that existed then).
HANDLING_LEVELS = (AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.COMMUNE)
IDENTITY_FIELDS = ("reporter_name_enc", "reporter_contact_enc")

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read out on the phone or copied by hand stays right.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 6


_CODE_SPACE = len(CODE_ALPHABET) ** CODE_LENGTH


def new_code(year: int) -> str:
    # one draw, uniform over every tail, read as its digits in the alphabet (one random draw a
    # code instead of one a character)
    number = secrets.randbelow(_CODE_SPACE)
    tail = []
    for _i in range(CODE_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        tail.append(CODE_ALPHABET[digit])
    return "TG-{year}-{tail}".format(year=year, tail="".join(tail))


# Where a tip's map point may lie: Vietnam's mainland, coast and near islands, and the two
# archipelagos whose special zones (đặc khu Hoàng Sa, đặc khu Trường Sa) are units of the area
# tree. (south, north, west, east) in degrees.
VIETNAM_BOXES = (
    (8.0, 24.0, 102.0, 110.0),
    (15.5, 17.5, 110.0, 113.0),  # Hoàng Sa
    (6.5, 12.0, 111.0, 117.5),  # Trường Sa
)


def in_vietnam(latitude: float, longitude: float) -> bool:
    return any(s <= latitude <= n and w <= longitude <= e for s, n, w, e in VIETNAM_BOXES)


def point_errors(latitude, longitude) -> dict:
    """Field errors of a map point: both coordinates or neither, and inside Vietnam."""
    if latitude is None and longitude is None:
        return {}
    if latitude is None or longitude is None:
        missing = "latitude" if latitude is None else "longitude"
        return {missing: _("Give both latitude and longitude, or neither.")}
    if not (math.isfinite(latitude) and math.isfinite(longitude)) or not in_vietnam(
        latitude, longitude
    ):
        return {
            "latitude": _(
                "This point is outside Vietnam. Latitude is 8 to 24 degrees north and longitude "
                "102 to 110 degrees east (or the Hoàng Sa and Trường Sa archipelagos); check that "
                "the two are not swapped."
            )
        }
    return {}


class TipCategory(TranslatedCatalogue):
    """What a tip is about (theft, fraud, drugs …): a catalogue kept by administrators; the
    default entries come with a data migration."""

    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Categories not in use are not offered for new tips."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tip category")
        verbose_name_plural = _("tip categories")
        ordering = TranslatedCatalogue.Meta.ordering


class Tip(AreaScoped):
    """A crime report or tip, handled by the unit in `area` (a commune/ward or a province)."""

    area = area_field(db_index=False)  # (area, status), (area, due_on) lead with it
    area_day_field = "received_on"

    # Given, not auto_now(_add): a tip from the portal is stored with the hour only
    # (services.common.reporter_hour); save() keeps updated_at current on every later change.
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    legal_kind = models.CharField(_("legal kind"), max_length=30, choices=LegalKind.choices)
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    category = models.ForeignKey(
        TipCategory,
        verbose_name=pgettext_lazy("tip", "category"),
        on_delete=models.PROTECT,
        related_name="tips",
    )
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    occurred_time = models.TimeField(
        _("time of occurrence"),
        null=True,
        blank=True,
        help_text=_("Optional, with the date: when it happened, as far as is known."),
    )
    occurred_place = models.CharField(_("place of occurrence"), max_length=255, blank=True)
    place_area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area where it happened"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        help_text=_("Of the place where it happened (WGS 84 degrees north)."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        help_text=_("Of the place where it happened (WGS 84 degrees east)."),
    )
    # required wherever a tip is entered (services.entry, the portal); empty only for a past
    # tip imported from an export, which leaves the summary out (tips/exports.py)
    summary = models.TextField(_("summary"), blank=True)
    received_on = models.DateField(_("received on"))
    received_by_area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit that first received the tip."),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tips",
    )
    status = models.CharField(
        _("status"), max_length=30, choices=TipStatus.choices, default=TipStatus.RECEIVED
    )
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    due_on = models.DateField(
        _("due on"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("None while suspended or once settled."),
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    settled_due_on = models.DateField(
        _("due date when settled"),
        null=True,
        blank=True,
        help_text=_(
            "The due date in force when the tip was settled: it was on time if settled "
            "on or before it."
        ),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    reporter_name_enc = models.TextField(
        _("reporter's name (encrypted)"), blank=True, editable=False
    )
    reporter_contact_enc = models.TextField(
        _("reporter's contact (encrypted)"), blank=True, editable=False
    )

    # the identity never goes into the history tables
    history = HistoricalRecords(excluded_fields=list(IDENTITY_FIELDS))

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["area", "status"]),
            models.Index(fields=["area", "due_on"]),
            models.Index(fields=["received_on"]),
            # the running tips by due date: those of this month that are overdue today, which
            # the dashboard's flag reads beside the rollup (selectors.overdue_by_child)
            models.Index(
                fields=["due_on"],
                # the unit and the key too (PostgreSQL): the tips falling due in a province are
                # found among the country's without reading a row
                include=["area", "id"],
                condition=models.Q(status__in=RUNNING),
                name="tip_running_due",
            ),
            # the portal's open tips nobody has taken, oldest first: the inbox's first kind, which
            # would otherwise walk every tip by received_on to find a province's few
            models.Index(
                fields=["received_on", "id"],
                condition=models.Q(
                    channel=Channel.ONLINE_PORTAL, assigned_to__isnull=True, status__in=OPEN
                ),
                name="tip_portal_unassigned",
            ),
            # the inbox's tips by area: a province's few among the country's, read through its
            # areas (one probe each) without touching the other provinces' rows; the counts
            # read the index alone
            models.Index(
                fields=["area", "received_on", "id"],
                condition=models.Q(
                    channel=Channel.ONLINE_PORTAL, assigned_to__isnull=True, status__in=OPEN
                ),
                name="tip_portal_unassigned_area",
            ),
            models.Index(
                fields=["area", "due_on", "id"],
                condition=models.Q(status__in=RUNNING),
                name="tip_running_area_due",
            ),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("tips:tip-detail", args=[self.pk])

    @property
    def occurred_at(self):
        """The date and time of occurrence as an aware datetime (None without both)."""
        if self.occurred_on is None or self.occurred_time is None:
            return None
        return timezone.make_aware(datetime.combine(self.occurred_on, self.occurred_time))

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.updated_at = timezone.now()
        if not self.code:
            year = (self.received_on or timezone.localdate()).year
            code = new_code(year)
            while Tip.objects.filter(code=code).exists():
                code = new_code(year)
            self.code = code
        super().save(*args, **kwargs)

    def area_day(self):
        """A tip stands at the unit that received it on the day it was received; a tip a transfer
        moved on is checked by the transfer, on the transfer's day (tip_transfer)."""
        return self.received_on if self.area_id == self.received_by_area_id else None

    def clean(self):
        errors = {}
        if self.area_id is not None and self.area.level not in HANDLING_LEVELS:
            errors["area"] = _("Choose a commune, a ward or a province.")
        today = clock.today()
        if self.received_on and self.received_on > today:
            errors["received_on"] = _("This date is in the future.")
        if self.occurred_on and self.occurred_on > today:
            errors["occurred_on"] = _("This date is in the future.")
        if self.occurred_time is not None:
            if self.occurred_time.tzinfo is not None:
                errors["occurred_time"] = _("Give the local time, without a time zone.")
            elif self.occurred_on is None:
                errors["occurred_time"] = _("Give the date of occurrence with its time.")
            elif self.occurred_on == today and self.occurred_time > timezone.localtime().time():
                errors["occurred_time"] = _("This time is in the future.")
        errors.update(point_errors(self.latitude, self.longitude))
        if errors:
            raise ValidationError(errors)

    @property
    def has_identity(self):
        """Did the reporter give a name or a contact? (Whether, never what.)"""
        return bool(self.reporter_name_enc or self.reporter_contact_enc)

    @property
    def is_settled(self):
        return self.status in SETTLED


class TipEvent(models.Model):
    """One dated step of a tip: receipt, assignment, verification, extension, suspension,
    resumption, transfer, decision. Append-only; the deadline clock is computed from them."""

    # the (tip, on) index leads with it
    tip = models.ForeignKey(
        Tip,
        verbose_name=_("tip"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    on = models.DateField(_("on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("from unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("to unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_agency = models.CharField(_("to agency"), max_length=255, blank=True)
    until = models.DateField(_("extended until"), null=True, blank=True)
    procuracy_approved = models.BooleanField(_("approved by the procuracy"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    footage_request = models.ForeignKey(
        "tips.FootageRequest",
        verbose_name=_("footage request"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    # an extension: the day it was asked for, and why that was later than the law's last day
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    late_reason = models.TextField(_("reason for the late request"), blank=True)
    # the hour only for the receipt of a portal tip (services.common.reporter_hour)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_path = "tip__area__path"

    class Meta:
        verbose_name = _("tip event")
        verbose_name_plural = _("tip events")
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["tip", "on"])]

    def __str__(self):
        return f"{self.tip_id}: {self.kind} {self.on}"


class TipMessage(models.Model):
    """A message between the handling unit and the reporter: the unit's questions and the
    reporter's answers (those come through the public portal, with `by` empty)."""

    tip = models.ForeignKey(
        Tip, verbose_name=_("tip"), on_delete=models.CASCADE, related_name="messages"
    )
    from_staff = models.BooleanField(_("from the unit"), default=True)
    body = models.TextField(_("message"))
    # the hour only for a reporter's message (services.common.reporter_hour)
    at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # a reporter's message, first opened by the unit's staff: until then it waits in their inbox
    read_at = models.DateTimeField(_("read at"), null=True, blank=True, editable=False)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "tip__area__path"

    class Meta:
        verbose_name = _("tip message")
        verbose_name_plural = _("tip messages")
        # the order they were sent in: a reporter's message is dated to the hour only
        ordering = ["id"]

    def __str__(self):
        return f"{self.tip_id} · {self.at:%Y-%m-%d %H:%M}"


class TipAttachment(models.Model):
    """A file sent with a tip through the portal. The bytes on disk are a Fernet token (they may
    show who the reporter is; antq.tips.storage); the file name is random and says nothing."""

    tip = models.ForeignKey(
        Tip,
        verbose_name=_("tip"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    stored_name = models.CharField(_("stored name"), max_length=64, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the original file"), max_length=64)
    # the hour only, as the tip's (antq.tips.services.common.reporter_hour)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)

    class Meta:
        # the table the portal app created, kept when the model moved here
        db_table = "portal_tipattachment"
        verbose_name = _("tip attachment")
        verbose_name_plural = _("tip attachments")
        ordering = ["id"]

    def __str__(self):
        return self.stored_name


class IdentityRevealQuerySet(ScopedQuerySet):
    def visible_to(self, user, action=None):
        """Reveals of tips in the user's jurisdiction now, or made while a tip was there."""
        action = action or Action.ADMINISTER
        return self.filter(
            scope_q(user, action, "tip__area__path") | scope_q(user, action, "area__path")
        )


class IdentityReveal(models.Model):
    """One reading of a reporter's identity, or one opening of a file the reporter attached
    (which may show who they are): who, when, why, which file, and which unit held the tip.
    Kept for good: a tip whose identity was read or whose file was opened cannot be deleted."""

    tip = models.ForeignKey(
        Tip, verbose_name=_("tip"), on_delete=models.PROTECT, related_name="reveals"
    )
    attachment = models.ForeignKey(
        TipAttachment,
        verbose_name=_("attachment opened"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="openings",
        help_text=_("Empty when the name and contact were read."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("unit holding the tip"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("read at"), auto_now_add=True)

    objects = IdentityRevealQuerySet.as_manager()

    class Meta:
        verbose_name = _("identity reading")
        verbose_name_plural = _("identity readings")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.tip} · {self.user} · {self.at:%Y-%m-%d %H:%M}"


# A footage request names the footage an incident needs, not a day's recordings.
MAX_FOOTAGE_WINDOW = timedelta(hours=48)


class FootageRequest(models.Model):
    """A request to a camera site's owner for the recordings of a time window, drafted by the
    unit handling the tip, and the owner's answer. The owner decides; antq never holds live
    feeds or footage, only the request and its outcome (as the SafeCam registries do)."""

    tip = models.ForeignKey(
        Tip, verbose_name=_("tip"), on_delete=models.CASCADE, related_name="footage_requests"
    )
    camera_site = models.ForeignKey(
        "cameras.CameraSite",
        verbose_name=_("camera site"),
        on_delete=models.PROTECT,
        related_name="footage_requests",
    )
    window_start = models.DateTimeField(_("footage from"))
    window_end = models.DateTimeField(_("footage to"))
    reason = models.TextField(_("why the footage is needed"))
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=FootageOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("answered on"), null=True, blank=True)
    outcome_note = models.TextField(_("note on the answer"), blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "tip__area__path"

    class Meta:
        verbose_name = _("footage request")
        verbose_name_plural = _("footage requests")
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return f"{self.tip_id} · {self.camera_site_id} · {self.requested_on}"

    def clean(self):
        errors = {}
        now = timezone.now()
        if self.window_start and self.window_end:
            if self.window_end <= self.window_start:
                errors["window_end"] = _("The end of the window comes after its start.")
            elif self.window_end - self.window_start > MAX_FOOTAGE_WINDOW:
                errors["window_end"] = _(
                    "Ask for at most 48 hours of footage: the window the incident needs."
                )
            if self.window_end > now:
                errors.setdefault("window_end", _("This time is in the future."))
        if self.outcome and self.outcome_on is None:
            errors["outcome_on"] = _("Give the date of the answer.")
        if self.outcome_on is not None:
            if self.outcome_on > timezone.localdate():
                errors["outcome_on"] = _("This date is in the future.")
            elif self.requested_on and self.outcome_on < self.requested_on:
                errors["outcome_on"] = _(
                    "The request was made on {day}; the answer came on or after it."
                ).format(day=self.requested_on.isoformat())
        if errors:
            raise ValidationError(errors)

    @property
    def maybe_overwritten(self):
        """Had the footage likely been recorded over by the request day, going by the retention
        the site registered? (A hint for the officer; the owner's answer is what counts.)"""
        days = self.camera_site.retention_days
        if not days or not self.requested_on:
            return False
        first_day = timezone.localtime(self.window_start).date()
        return first_day < self.requested_on - timedelta(days=days)
