from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalliesConfig(AppConfig):
    name = "antq.tallies"
    label = "tallies"
    verbose_name = _("Case tallies")

    def ready(self):
        from antq.indicators import rollup
        from antq.tallies.models import MonthlyTally

        # their writes keep the indicator rollup current
        rollup.connect(MonthlyTally)
