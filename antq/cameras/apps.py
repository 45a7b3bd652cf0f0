from django.apps import AppConfig


class CamerasConfig(AppConfig):
    name = "antq.cameras"
    label = "cameras"

    def ready(self):
        from antq.cameras.models import CameraSite, FirePoint
        from antq.indicators import rollup

        # their writes keep the indicator rollup current
        rollup.connect(CameraSite, FirePoint)
