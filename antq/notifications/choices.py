from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification tells its reader."""

    TIP_NEW = "tip_new", _("A new tip in your area")
    TIP_REPLY = "tip_reply", _("A citizen's reply to a tip")
    TIP_DUE_SOON = "tip_due_soon", _("A tip falls due within 5 days")
    TIP_OVERDUE = "tip_overdue", _("A tip is overdue")
    TALLY_APPROVED = "tally_approved", _("A monthly tally approved")
    TALLY_RETURNED = "tally_returned", _("A monthly tally returned for correction")
    DECISION_REQUESTED = "decision_requested", _("A commendation awaits a decision")
    DECISION_MADE = "decision_made", _("A decision on a commendation")
    RECOGNITION_REQUESTED = "recognition_requested", _("An assessment awaits recognition")
    RECOGNITION_MADE = "recognition_made", _("An assessment recognised")


class Channel(models.TextChoices):
    """How a message travels beyond the in-app list."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")


# where each channel sends to: the e-mail address or the phone number held on the recipient
PHONE_CHANNELS = (Channel.SMS, Channel.ZALO)


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("sending")
    SENT = "sent", _("sent")
    RETRYING = "retrying", _("to be retried")
    FAILED = "failed", _("failed")
