from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "antq.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from antq.core import locks
        from antq.reports.locks import rule

        # every write of a counted record asks whether its period is closed
        locks.install(rule)

        from antq.core.jobs import every_beat
        from antq.reports.jobs import purge_expired

        # large reports made in the background are kept for their owner a while, then deleted
        every_beat(purge_expired)
