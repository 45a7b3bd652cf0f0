"""Base models every domain record builds on. No domain models live here."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.core.scoping import ScopedQuerySet


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AreaScoped(TimeStamped):
    """A record that belongs to one area; visibility and rights follow that area's subtree.

    Subclasses add `history = HistoricalRecords()` so every change is kept.
    """

    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
