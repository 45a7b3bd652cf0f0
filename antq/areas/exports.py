from django.utils.translation import gettext_lazy as _

AREA_COLUMNS = [
    (_("id"), lambda a: a.pk),
    (_("code"), lambda a: a.code),
    (_("name"), lambda a: a.name),
    (_("level"), lambda a: a.get_level_display()),
    (_("type"), lambda a: a.get_area_type_display()),
    (_("latitude"), lambda a: a.latitude),
    (_("longitude"), lambda a: a.longitude),
    (_("valid from"), lambda a: a.valid_from),
    (_("valid to"), lambda a: a.valid_to),
]
