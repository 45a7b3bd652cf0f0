from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "antq.core"
    label = "core"
