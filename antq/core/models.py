"""Base models every domain record builds on. No domain models live here."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.core.scoping import ScopedQuerySet

_UNREAD = object()  # a field deferred when the record was read


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def area_field(db_index=True):
    """The record's unit. A type whose own index leads with the area (`(area, kind)`, a unique
    `(area, month)`) redeclares it with `db_index=False`, first in its class body (so the
    fields keep their order): a second index on the area alone would serve no lookup the
    composite does not, and would cost every write (the history table keeps its own)."""
    return models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        db_index=db_index,
    )


class AreaScoped(TimeStamped):
    """A record that belongs to one area; visibility and rights follow that area's subtree.

    Subclasses add `history = HistoricalRecords()` so every change is kept.
    """

    area = area_field()

    objects = ScopedQuerySet.as_manager()
    scope_path = "area__path"
    # the field that dates the record (a date, or a year: read as its last day, as the imports
    # read it), on which its unit must have been in force (`unit_not_in_force`); None for a
    # record with no date of its own (an organisation, a fire point)
    area_day_field = None

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # where and when the record stood as read, so that a save checks its unit against its
        # date only when either changes (a deferred field reads as changed)
        record._placed = record._placement()
        return record

    def _placement(self):
        fields = self.__dict__
        return (fields.get("area_id"), fields.get(self.area_day_field, _UNREAD))

    def area_day(self):
        """The day the record's unit must have been in force on: its `area_day_field`, a year
        read as its last day; None when it has no date."""
        value = getattr(self, self.area_day_field) if self.area_day_field else None
        if isinstance(value, int):
            return date(value, 12, 31)
        return value

    def placement_changed(self):
        """A new record, or one moved to another area or date since it was read."""
        return self._state.adding or getattr(self, "_placed", None) != self._placement()


def check_area(record, levels, errors):
    """Add to `errors` why `record`'s area cannot hold it: the area is not a unit at one of
    `levels` (the record type's own, declared once). Whether the unit was in force on the
    record's date is the write path's check for every type (`unit_not_in_force`)."""
    if record.area_id is None:
        return
    if record.area.level not in levels:
        errors["area"] = _("Choose a unit at one of these levels: {levels}.").format(
            levels=", ".join(str(AreaLevel(level).label) for level in levels)
        )


def unit_not_in_force(record):
    """Why `record` cannot stand at its area on its date (the unit, or a village's commune, was
    not in force on the record's `area_day()`), or None. Asked by the write path of single
    records (core/services.save_with_history) when a record is placed or moved, and by the
    imports for a row whose "valid on" day read its code (the others are read on the record's
    date already), so that no form, API call or file files a 2021 activity under a unit of
    2025, or a 2026 record under a unit that ended before."""
    day = record.area_day() if isinstance(record, AreaScoped) else None
    if day is None or record.area_id is None:
        return None
    from antq.areas.resolution import not_in_force_reason

    return not_in_force_reason(record.area, day)


def status_fields(choices):
    """The from and to statuses of a StatusChange, with its record's status `choices`; the
    first row of a record comes from no status."""
    return (
        models.CharField(_("from status"), max_length=20, choices=choices, blank=True),
        models.CharField(_("to status"), max_length=20, choices=choices),
    )


class StatusChange(models.Model):
    """One change of a record's status: why, and by whom. Reached only through its record, so
    scoped by the record's area. A subclass adds the foreign key to its record (named by
    `record_field`, scope path through it), `from_status, to_status = status_fields(...)`, and
    the day or moment of the change."""

    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    record_field = ""

    class Meta:
        abstract = True

    def __str__(self):
        record_id = getattr(self, f"{self.record_field}_id")
        return f"{record_id}: {self.from_status or '∅'} → {self.to_status}"


class ImportJob(models.Model):
    """One uploaded file being imported, as a background task (core/jobs.py); the page polls it
    for progress and the outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("imported")
        REJECTED = "rejected", _("rejected: nothing was written")
        FAILED = "failed", _("failed: nothing was written")

    class Failure(models.TextChoices):
        NONE = "", _("none")
        ERROR = "error", _("an error in the import")
        WORKER_STOPPED = "worker_stopped", _("the job worker stopped")

    user = models.ForeignKey(
        "accounts.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    record_type = models.CharField(_("record type"), max_length=40)
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    errors_total = models.PositiveIntegerField(_("number of errors"), default=0)
    failure = models.CharField(
        _("failure"), max_length=20, choices=Failure.choices, default=Failure.NONE, blank=True
    )
    # the uploaded file's name under var/imports/, deleted when the job ends
    upload = models.CharField(_("stored file"), max_length=100, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.record_type} · {self.filename}"


class TranslatedCatalogue(models.Model):
    """An entry of a catalogue kept by administrators (model categories, tip categories …),
    named in Vietnamese with optional English and Arabic names."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the active language, falling back to Vietnamese."""
        from django.utils.translation import get_language

        lang = (get_language() or "vi")[:2]
        return {"en": self.name_en, "ar": self.name_ar}.get(lang) or self.name
