from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "antq.tips"
    label = "tips"
    verbose_name = _("Crime reports and tips")

    def ready(self):
        from antq.indicators import rollup
        from antq.tips.models import Tip

        # their writes keep the indicator rollup current
        rollup.connect(Tip)
