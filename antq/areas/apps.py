from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "antq.areas"
    label = "areas"
