from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    AGENCY = "agency", _("State agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    INDUSTRIAL_PARK = "industrial_park", _("Industrial park")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    LABOUR_FEDERATION = "labour_federation", _("Labour federation")
    YOUTH_UNION = "youth_union", _("Youth union")
    WOMENS_UNION = "womens_union", _("Women's union")
    VETERANS_ASSOCIATION = "veterans_association", _("Veterans' association")
    OTHER = "other", _("Other")
