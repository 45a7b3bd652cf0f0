from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "antq.honours"
    label = "honours"
    verbose_name = _("Emulation and commendation")

    def ready(self):
        from antq.activities.records import ACTIVITY_SECTIONS
        from antq.honours.models import Commendation, EmulationAgreement
        from antq.honours.records import activity_commendations
        from antq.indicators import rollup

        ACTIVITY_SECTIONS.append(activity_commendations)
        # their writes keep the indicator rollup current
        rollup.connect(Commendation, EmulationAgreement)
