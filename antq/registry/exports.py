"""Export columns for organisations."""

from django.utils.translation import gettext_lazy as _

ORGANISATION_COLUMNS = [
    (_("id"), lambda o: o.pk),
    (_("name"), lambda o: o.name),
    (_("type"), lambda o: o.get_org_type_display()),
    (_("area code"), lambda o: o.area.code),
    (_("area"), lambda o: o.area.name),
    (_("address"), lambda o: o.address),
    (_("phone"), lambda o: o.phone),
    (_("email"), lambda o: o.email),
    (_("notes"), lambda o: o.notes),
]
