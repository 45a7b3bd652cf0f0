from django.db import models
from django.utils.translation import gettext_lazy as _


class TallyStatus(models.TextChoices):
    """draft → submitted (by an editor of the commune) → accepted at each intermediate approval
    level → approved at the last one (ANTQ_APPROVAL_LEVELS), which locks the figures. A level
    may return a submitted or accepted tally with a reason (returned); the commune corrects it
    and resubmits it. An unapproval, with its reason, undoes the last approval."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted (awaiting the next level)")
    APPROVED = "approved", _("Approved")


# The statuses whose figures are locked: approved at some level.
LOCKED_STATUSES = (TallyStatus.ACCEPTED, TallyStatus.APPROVED)
# The statuses that wait for an approver's decision.
AWAITING_STATUSES = (TallyStatus.SUBMITTED, TallyStatus.ACCEPTED)


class TallyStep(models.TextChoices):
    """A step of the workflow, as the tally's history lists it."""

    SUBMIT = "submit", _("Submitted")
    RETURN = "return", _("Returned for correction")
    RESUBMIT = "resubmit", _("Resubmitted")
    APPROVE = "approve", _("Approved")
    UNAPPROVE = "unapprove", _("Unapproved")


# The counts a commune reports each month, in the order the reports cite them.
COUNT_FIELDS = (
    "criminal_cases_registered",
    "criminal_cases_clarified",
    "social_order_cases_occurred",
    "social_order_cases_detected",
    "criminal_groups_dismantled",
    "offenders_arrested",
    "drug_cases",
    "drug_law_violators",
    "persuaded_into_rehabilitation",
    "domestic_delegations_secured",
    "foreign_delegations_secured",
    "events_secured",
)

# A commune's count for one month; far above any real figure, well inside a 32-bit column.
MAX_COUNT = 1_000_000

# The tips a commune counted in a month before it kept them in antq's register (for periods the
# register does not cover): optional, empty when not reported. A unit and month has its tip
# figures from one source only, these counts or the register (antq.tips).
TIP_COUNT_FIELDS = ("tips_received", "tips_settled", "tips_settled_on_time")
