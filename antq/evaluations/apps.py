from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "antq.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluations: the standard, classification, the new-rural criterion")

    def ready(self):
        from antq.evaluations.models import Assessment, Classification, RuralAssessment
        from antq.indicators import rollup

        # their writes keep the indicator rollup current
        rollup.connect(Assessment, Classification, RuralAssessment)
