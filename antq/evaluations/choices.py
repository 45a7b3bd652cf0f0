from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.registry.choices import OrganisationType


class SubjectKind(models.TextChoices):
    """What is assessed against the "safe for security and order" standard."""

    RESIDENTIAL = "residential", _("Residential area")
    COMMUNE = "commune", _("Commune or ward")
    AGENCY = "agency", _("Agency or enterprise")
    SCHOOL = "school", _("School")


# Which organisations are assessed, and as what.
ORGANISATION_KINDS = {
    OrganisationType.AGENCY: SubjectKind.AGENCY,
    OrganisationType.ENTERPRISE: SubjectKind.AGENCY,
    OrganisationType.INDUSTRIAL_PARK: SubjectKind.AGENCY,
    OrganisationType.SCHOOL: SubjectKind.SCHOOL,
}
ORGANISATION_SUBJECT_KINDS = (SubjectKind.AGENCY, SubjectKind.SCHOOL)


class AssessmentStatus(models.TextChoices):
    """draft (answers being given) → assessed (every criterion answered, the result derived) →
    recognised (by the competent level, with its decision); an assessed one may be reopened."""

    DRAFT = "draft", _("Draft")
    ASSESSED = "assessed", _("Assessed")
    RECOGNISED = "recognised", _("Recognised")


DONE_STATUSES = (AssessmentStatus.ASSESSED, AssessmentStatus.RECOGNISED)


class UnitKind(models.TextChoices):
    """The units whose movement is classified each year."""

    RESIDENTIAL = "residential", _("Residential area")
    COMMUNE = "commune", _("Commune or ward")


class MovementClass(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    AVERAGE = "average", _("Average")
    WEAK = "weak", _("Weak")


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
