"""Export columns for hotspots."""

from django.utils.translation import gettext_lazy as _

from antq.core.exports import place_columns
from antq.hotspots.imports import HOTSPOT_IMPORT

HOTSPOT_COLUMNS = [
    (_("id"), lambda h: h.pk),
    *place_columns(HOTSPOT_IMPORT),
    (_("title"), lambda h: h.title),
    (_("kind"), lambda h: h.get_kind_display()),
    (_("arose on"), lambda h: h.opened_on),
    (_("status"), lambda h: h.get_status_display()),
    (_("settled on"), lambda h: h.settled_on),
    (_("notes"), lambda h: h.notes),
]
