from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "antq.areas"
    label = "areas"
    verbose_name = _("Areas")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from antq.areas import map_base
        from antq.areas.models import Area

        # the maps' base answers are cached: a unit saved or deleted starts a new generation
        # (bulk writes call map_base.forget themselves)
        post_save.connect(map_base.forget, sender=Area, dispatch_uid="areas-map-base-save")
        post_delete.connect(map_base.forget, sender=Area, dispatch_uid="areas-map-base-delete")
