from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "antq.activities"
    label = "activities"
    verbose_name = _("Movement work: activities, secured events, coordination regulations")

    def ready(self):
        from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
        from antq.indicators import rollup

        # their writes keep the indicator rollup current
        rollup.connect(Activity, CoordinationRegulation, SecuredEvent)
