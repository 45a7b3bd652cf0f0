from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotspotsConfig(AppConfig):
    name = "antq.hotspots"
    label = "hotspots"
    verbose_name = _("Hotspots")

    def ready(self):
        from antq.hotspots.models import Hotspot
        from antq.indicators import rollup

        # their writes keep the indicator rollup current
        rollup.connect(Hotspot)
