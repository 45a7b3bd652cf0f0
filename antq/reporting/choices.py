from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    """What a unit reports each period."""

    MONTHLY_TALLY = "monthly_tally", _("Monthly tally")


class UnitState(models.TextChoices):
    """Where a unit stands for one reporting period, in the order an approver reads them: those
    who have not reported first."""

    MISSING = "missing", _("Missing")
    LATE = "late", _("Submitted late")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


STATE_ORDER = {state: index for index, state in enumerate(UnitState.values)}
