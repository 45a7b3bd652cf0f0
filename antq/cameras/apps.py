from django.apps import AppConfig


class CamerasConfig(AppConfig):
    name = "antq.cameras"
    label = "cameras"
