from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EFFECTIVE = "effective", _("Effective")
    INEFFECTIVE = "ineffective", _("Ineffective")
    TERMINATED = "terminated", _("Terminated")


# Which status a model may move to from each status. Ineffective models are to be lifted or
# ended; a terminated model stays terminated (a new start is a new model).
STATUS_TRANSITIONS = {
    ModelStatus.ACTIVE: (ModelStatus.EFFECTIVE, ModelStatus.INEFFECTIVE, ModelStatus.TERMINATED),
    ModelStatus.EFFECTIVE: (ModelStatus.INEFFECTIVE, ModelStatus.TERMINATED),
    ModelStatus.INEFFECTIVE: (ModelStatus.EFFECTIVE, ModelStatus.TERMINATED),
    ModelStatus.TERMINATED: (),
}


class RecognitionLevel(models.TextChoices):
    NONE = "none", _("Not recognised")
    COMMUNE = "commune", _("Commune")
    PROVINCE = "province", _("Province")
    MINISTRY = "ministry", _("Ministry of Public Security")


class TeamKind(models.TextChoices):
    SECURITY_SELF_GOVERNING = "security_self_governing", _("Self-governing security team")
    FIRE_SAFETY_INTER_FAMILY = "fire_safety_inter_family", _("Inter-family fire-safety team")
    DIGITAL_TECHNOLOGY = "digital_technology", _("Community digital technology team")
    SECURITY_PROTECTION = "security_protection", _("Grassroots security-and-order protection group")
    YOUTH_VOLUNTEER = "youth_volunteer", _("Youth volunteer group")
    OTHER = "other", _("Other")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("Deputy")
    MEMBER = "member", _("Member")
