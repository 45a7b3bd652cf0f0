from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "antq.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The job worker's heartbeat runs these every beat: the deliveries' retries and reaper,
        # and the trigger of the daily deadline scan (core/jobs.py `every_beat`).
        from antq.core import jobs
        from antq.notifications import delivery, scan

        jobs.every_beat(delivery.sweep)
        jobs.every_beat(scan.trigger_daily_scan)
