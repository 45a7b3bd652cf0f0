from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "antq.reports"
    label = "reports"
