from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementConfig(AppConfig):
    name = "antq.movement"
    label = "movement"
    verbose_name = _("Movement: models and teams")

    def ready(self):
        from antq.indicators import rollup
        from antq.movement.models import MovementModel, Team, TeamMember

        # their writes keep the indicator rollup current
        rollup.connect(MovementModel, Team, TeamMember)
