from django.db import models
from django.utils.translation import gettext_lazy as _


class OwnerType(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    AGENCY = "agency", _("Agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    COMMUNE_SYSTEM = "commune_system", _("Commune system")
    OTHER = "other", _("Other")


class CameraStatus(models.TextChoices):
    WORKING = "working", _("Working")
    BROKEN = "broken", _("Broken")
    REMOVED = "removed", _("Removed")


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state_budget", _("State budget")
    SOCIALISED = "socialised", _("Socialised funds")
    OWNER = "owner", _("Owner")
