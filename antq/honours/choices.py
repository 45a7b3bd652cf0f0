from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

# District-level authorities ceased with the two-tier local government of 1 July 2025.
LAST_DAY_OF_DISTRICTS = date(2025, 6, 30)


class RecipientKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation (collective)")
    TEAM = "team", _("Movement team (collective)")
    AREA = "area", _("Village, commune or other unit (collective)")
    INDIVIDUAL = "individual", _("Individual")


COLLECTIVE_KINDS = (RecipientKind.ORGANISATION, RecipientKind.TEAM, RecipientKind.AREA)


class AwardForm(models.TextChoices):
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Certificate of merit (bằng khen)")
    CERTIFICATE_OF_COMMENDATION = (
        "certificate_of_commendation",
        _("Certificate of commendation (giấy khen)"),
    )
    COMMEMORATIVE_MEDAL = "commemorative_medal", _("Commemorative medal (kỷ niệm chương)")
    OTHER = "other", _("Other")


class AuthorityLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    DISTRICT = "district", _("District (until 30 June 2025)")
    PROVINCE = "province", _("Province")
    MINISTRY = "ministry", _("Ministry")
    GOVERNMENT = "government", _("Government")


class CommendationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
