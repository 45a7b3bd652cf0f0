"""Notifications to staff (thông báo) and alerts to the movement's teams (cảnh báo), with the
log of every message sent beyond the in-app list."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.models import AreaScoped
from antq.notifications.choices import Channel, DeliveryStatus, Kind


class Notification(models.Model):
    """One event a user must know about. `params` holds names and codes only: the text is worded
    when it is read, in the reader's language (notifications/wording.py)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    params = models.JSONField(_("details"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=255, blank=True)
    # the event's identity: the same event (a tip falling due, for one due date) notifies once
    event_key = models.CharField(_("event"), max_length=120, blank=True)
    # set, not automatic: what a reporter's portal action caused is dated to the hour only, as
    # the reporter's own records are (tips/services/common.reporter_hour)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"],
                condition=~Q(event_key=""),
                name="one_notification_per_event",
            )
        ]

    def __str__(self):
        from antq.notifications.wording import text_of

        return text_of(self)


class Preference(models.Model):
    """Which kinds a user is told of, and by which channels besides the in-app list (which
    always holds every notification)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    muted_kinds = models.JSONField(_("kinds not sent beyond the list"), default=list, blank=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    by_sms = models.BooleanField(_("by SMS"), default=False)
    by_zalo = models.BooleanField(_("by Zalo"), default=False)
    language = models.CharField(
        _("language of messages"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)

    def channels(self):
        flags = {Channel.EMAIL: self.by_email, Channel.SMS: self.by_sms, Channel.ZALO: self.by_zalo}
        return [channel for channel, on in flags.items() if on]


class Alert(AreaScoped):
    """A message to the members of the teams of chosen kinds in an area's subtree ("every
    inter-family fire-safety team in Xã A"). Sent to the contacts already held on the members;
    nothing is tracked about who read it."""

    team_kinds = models.JSONField(_("kinds of team"), default=list)
    channels = models.JSONField(_("channels"), default=list)
    text_vi = models.TextField(_("text (Vietnamese)"), max_length=1000)
    text_en = models.TextField(_("text (English)"), max_length=1000, blank=True)
    text_ar = models.TextField(_("text (Arabic)"), max_length=1000, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    team_count = models.PositiveIntegerField(_("teams"), default=0)
    member_count = models.PositiveIntegerField(_("members"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.text_vi[:60]

    def message(self) -> str:
        """What the members receive: the Vietnamese text, then the other languages given."""
        return "\n\n".join(t for t in (self.text_vi, self.text_en, self.text_ar) if t.strip())


class Delivery(models.Model):
    """One message on one channel to one address: a notification's e-mail, SMS or Zalo message,
    or an alert's message to one team member. Its status is the delivery log."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    alert = models.ForeignKey(
        Alert,
        verbose_name=_("alert"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    team = models.ForeignKey(
        "movement.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_deliveries",
    )
    member = models.ForeignKey(
        "movement.TeamMember",
        verbose_name=_("team member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["team", "alert"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(notification__isnull=False) | Q(alert__isnull=False),
                name="delivery_of_something",
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.address}"


class ScanRun(models.Model):
    """The day a daily deadline scan was queued: the row that keeps two workers from queueing
    it twice, and follows its task until it finished (or failed its last attempt)."""

    day = models.DateField(_("day"), unique=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("daily scan")
        verbose_name_plural = _("daily scans")

    def __str__(self):
        return self.day.isoformat()
