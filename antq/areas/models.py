from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from antq.areas.choices import (
    ALLOWED_PARENT_LEVELS,
    LEVEL_TYPES,
    AreaLevel,
    AreaType,
    SuccessionKind,
)
from antq.core.scoping import ScopedQuerySetMixin
from antq.core.text import fold


def active_on_q(day: date, prefix: str = "") -> Q:
    """Units in force on `day`: started on or before it (or no start known), not ended before it."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def in_force_on(unit, day: date) -> bool:
    """`active_on_q` for one unit in hand: an Area, or a unit an import has not written yet."""
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or unit.valid_to >= day
    )


class AreaQuerySet(ScopedQuerySetMixin, MP_NodeQuerySet):
    def active_on(self, day: date):
        return self.filter(active_on_q(day))


class AreaManager(MP_NodeManager.from_queryset(AreaQuerySet)):
    def get_queryset(self):
        return AreaQuerySet(self.model, using=self._db).order_by("path")


class Area(MP_Node):
    """A node of the administrative tree: country, province, district (until 2025), commune,
    village.

    Old and new units live side by side, told apart by `valid_from`/`valid_to`; AreaSuccession
    records which units an abolished one became, so old figures roll up onto today's units.
    """

    steplen = 4

    code = models.CharField(_("official code"), max_length=20, db_index=True)
    key = models.CharField(
        _("key"),
        max_length=80,
        unique=True,
        editable=False,
        help_text=_("Level, code and end date: unique even where old and new units share a code."),
    )
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(
        _("name for search"), max_length=200, db_index=True, editable=False
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=AreaLevel.choices, db_index=True)
    area_type = models.CharField(_("type"), max_length=20, choices=AreaType.choices)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, db_index=True)
    source = models.CharField(_("source"), max_length=40, default="user")

    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild", "name_folded"])
    objects = AreaManager()
    scope_path = "path"

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="area_valid_range",
            )
        ]

    def __str__(self):
        return self.name

    @staticmethod
    def make_key(level, code, valid_to=None, parent_key=None):
        """Villages are coded within their commune (whose key tells old from new units with the
        same code); units that ended carry their end date."""
        base = f"{int(level)}:{parent_key}/{code}" if parent_key else f"{int(level)}:{code}"
        return f"{base}@{valid_to.isoformat()}" if valid_to else base

    def fill_derived(self, parent=None):
        self.name_folded = fold(self.name)
        is_village = parent is not None and self.level == AreaLevel.VILLAGE
        self.key = self.make_key(
            self.level, self.code, self.valid_to, parent.key if is_village else None
        )

    def clean(self):
        errors = {}
        if self.area_type and self.level is not None:
            allowed = LEVEL_TYPES.get(AreaLevel(self.level), ())
            if self.area_type not in allowed:
                errors["area_type"] = _("This type does not fit the level.")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            errors["valid_to"] = _("The end date is before the start date.")
        for field, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
            value = getattr(self, field)
            if value is not None and not low <= value <= high:
                errors[field] = _("Must be between {low} and {high}.").format(low=low, high=high)
        if errors:
            raise ValidationError(errors)

    def check_parent(self, parent):
        allowed = ALLOWED_PARENT_LEVELS.get(AreaLevel(self.level), ())
        if parent is None or parent.level not in allowed:
            raise ValidationError({"parent": _("A unit of this level cannot be placed there.")})

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("areas:detail", args=[self.pk])

    def is_active_on(self, day: date) -> bool:
        return in_force_on(self, day)

    @property
    def is_historical(self):
        return self.valid_to is not None and self.valid_to < date.today()


class AreaSuccession(models.Model):
    """Which unit(s) an old unit became: the crosswalk that lets old figures roll up."""

    predecessor = models.ForeignKey(
        Area, verbose_name=_("old unit"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        Area, verbose_name=_("new unit"), on_delete=models.CASCADE, related_name="predecessions"
    )
    kind = models.CharField(_("kind of change"), max_length=20, choices=SuccessionKind.choices)
    is_default = models.BooleanField(
        _("main successor"),
        default=True,
        help_text=_("Where an old unit was divided, the new unit its figures are counted under."),
    )
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=40, default="user")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area succession")
        verbose_name_plural = _("area successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession")
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"

    def clean(self):
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            raise ValidationError({"successor": _("A unit cannot succeed itself.")})
