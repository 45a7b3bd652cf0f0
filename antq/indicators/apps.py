from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "antq.indicators"
    label = "indicators"
