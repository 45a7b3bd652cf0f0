"""Export columns for organisations."""

from django.utils.translation import gettext_lazy as _

from antq.core.exports import unit_valid_on

ORGANISATION_COLUMNS = [
    (_("id"), lambda o: o.pk),
    (_("name"), lambda o: o.name),
    (_("type"), lambda o: o.get_org_type_display()),
    # the unit as the import reads it back: its code, its level and the day it was in force
    (_("unit code"), lambda o: o.area.code),
    (_("unit level"), lambda o: o.area.get_level_display()),
    (_("valid on"), lambda o: unit_valid_on(o.area)),
    (_("area"), lambda o: o.area.name),
    (_("address"), lambda o: o.address),
    (_("phone"), lambda o: o.phone),
    (_("email"), lambda o: o.email),
    (_("notes"), lambda o: o.notes),
]
