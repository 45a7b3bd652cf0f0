from django.db import models
from django.utils.translation import gettext_lazy as _


class TallyStatus(models.TextChoices):
    """draft → submitted (by an editor of the commune) → approved (by an approver above it,
    which locks the figures); an unlock, with its reason, sends an approved tally back to
    submitted."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


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
