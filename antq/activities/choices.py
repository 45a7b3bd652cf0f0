from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    OUTREACH = "outreach", _("Outreach session")
    DIALOGUE = "dialogue", _("Dialogue")
    TRAINING = "training", _("Training")
    PRELIMINARY_REVIEW = "preliminary_review", _("Preliminary review (sơ kết)")
    FINAL_REVIEW = "final_review", _("Final review (tổng kết)")
    FESTIVAL_DAY = "festival_day", _("Movement festival day")
    AGREEMENT_SIGNING = "agreement_signing", _("Signing of emulation agreements")
    OTHER = "other", _("Other")


# The parties a dialogue brings together (đối thoại giữa lãnh đạo, người sử dụng lao động và
# người lao động …): one yes/no field each on the activity, so that they filter, count, import
# and show in the history like any other field.
DIALOGUE_PARTIES = (
    ("with_leaders", _("leaders (party committee, authorities)")),
    ("with_employers", _("employers")),
    ("with_workers", _("workers")),
    ("with_unions", _("trade unions")),
    ("with_residents", _("residents")),
)
FESTIVAL_PARTS = (
    ("ceremony_held", _("ceremony part held")),
    ("festival_held", _("festival part held")),
)


class SecuredEventKind(models.TextChoices):
    DOMESTIC_DELEGATION = "domestic_delegation", _("Domestic delegation")
    FOREIGN_DELEGATION = "foreign_delegation", _("Foreign delegation")
    EVENT = "event", _("Cultural or political event")
    OTHER = "other", _("Other")
