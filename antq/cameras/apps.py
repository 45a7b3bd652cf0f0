from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CamerasConfig(AppConfig):
    name = "antq.cameras"
    label = "cameras"
    verbose_name = _("Cameras and fire points")

    def ready(self):
        from antq.cameras.models import CameraSite, FirePoint
        from antq.indicators import rollup

        # their writes keep the indicator rollup current
        rollup.connect(CameraSite, FirePoint)
