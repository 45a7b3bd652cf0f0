"""Export columns for organisations."""

from django.utils.translation import gettext_lazy as _

from antq.core.exports import place_columns
from antq.registry.imports import ORGANISATION_IMPORT

ORGANISATION_COLUMNS = [
    (_("id"), lambda o: o.pk),
    (_("name"), lambda o: o.name),
    (_("type"), lambda o: o.get_org_type_display()),
    # the unit as the import reads it back: its code, its village, its level and the day it
    # was in force
    *place_columns(ORGANISATION_IMPORT),
    (_("address"), lambda o: o.address),
    (_("phone"), lambda o: o.phone),
    (_("email"), lambda o: o.email),
    (_("notes"), lambda o: o.notes),
]
