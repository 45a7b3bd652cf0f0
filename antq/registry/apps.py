from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "antq.registry"
    label = "registry"
    verbose_name = _("Organisations")

    def ready(self):
        from antq.indicators import rollup
        from antq.registry.models import Organisation

        # their writes keep the indicator rollup current
        rollup.connect(Organisation)
