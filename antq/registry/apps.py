from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "antq.registry"
    label = "registry"

    def ready(self):
        from antq.indicators import rollup
        from antq.registry.models import Organisation

        # their writes keep the indicator rollup current
        rollup.connect(Organisation)
