from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "antq.registry"
    label = "registry"
