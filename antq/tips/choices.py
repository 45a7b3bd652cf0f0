from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalKind(models.TextChoices):
    """The three kinds of crime information of the Criminal Procedure Code 2015, art. 144."""

    DENUNCIATION = "denunciation", _("Denunciation (tố giác), from a person")
    CRIME_REPORT = "crime_report", _("Crime report (tin báo), from an organisation or the media")
    PROSECUTION_REQUEST = (
        "prosecution_request",
        _("Request to prosecute (kiến nghị khởi tố), from a State body"),
    )


class Channel(models.TextChoices):
    """How the tip reached the unit."""

    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    AGENCY_TRANSFER = "agency_transfer", _("Transferred by another agency")
    PRESS = "press", _("Press and media")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
    INFORMATION_SOURCE = "information_source", _("Information source")
    ONLINE_PORTAL = "online_portal", _("Online portal")


class TipStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFYING = "verifying", _("Being verified")
    EXTENDED = "extended", _("Time limit extended")
    SUSPENDED = "suspended", _("Suspended")
    RESUMED = "resumed", _("Resumed")
    DECIDED_PROSECUTE = "decided_prosecute", _("Decided: prosecute")
    DECIDED_NOT_PROSECUTE = "decided_not_prosecute", _("Decided: do not prosecute")
    TRANSFERRED_OUT = "transferred_out", _("Transferred to another agency")
    CLOSED_NOT_CRIME = "closed_not_crime", _("Closed: not a crime matter")


class EventKind(models.TextChoices):
    """One dated step in a tip's life; the deadline clock reads them (antq.tips.deadlines)."""

    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    VERIFYING = "verifying", _("Verification started")
    EXTENDED = "extended", _("Time limit extended (complex case)")
    EXTENDED_SECOND = "extended_second", _("Time limit extended again (procuracy)")
    SUSPENDED = "suspended", _("Suspended")
    RESUMED = "resumed", _("Resumed")
    TRANSFERRED = "transferred", _("Transferred to another unit")
    TRANSFERRED_OUT = "transferred_out", _("Transferred to another agency")
    DECIDED_PROSECUTE = "decided_prosecute", _("Decision to prosecute")
    DECIDED_NOT_PROSECUTE = "decided_not_prosecute", _("Decision not to prosecute")
    CLOSED_NOT_CRIME = "closed_not_crime", _("Closed: not a crime matter")
    # a request to a camera's owner and its outcome (FootageRequest): they do not move the clock
    FOOTAGE_REQUESTED = "footage_requested", _("Footage requested from a camera's owner")
    FOOTAGE_OUTCOME = "footage_outcome", _("Answer to a footage request")


# Events that do not move the legal clock (antq.tips.deadlines skips them, settled tips too).
OFF_CLOCK = (EventKind.FOOTAGE_REQUESTED, EventKind.FOOTAGE_OUTCOME)


class FootageOutcome(models.TextChoices):
    """What a camera's owner answered to a footage request."""

    AGREED = "agreed", _("The owner agreed")
    REFUSED = "refused", _("The owner refused")
    NO_LONGER_EXISTED = "no_longer_existed", _("The footage no longer existed")


# Settled: the tip has left the unit's work for good (the clock stopped).
SETTLED = (
    TipStatus.DECIDED_PROSECUTE,
    TipStatus.DECIDED_NOT_PROSECUTE,
    TipStatus.TRANSFERRED_OUT,
    TipStatus.CLOSED_NOT_CRIME,
)
# Open with the clock running: these can be overdue.
RUNNING = (TipStatus.RECEIVED, TipStatus.VERIFYING, TipStatus.EXTENDED, TipStatus.RESUMED)
OPEN = (*RUNNING, TipStatus.SUSPENDED)
# What a report calls the outcome of a tip.
OUTCOMES = (
    TipStatus.DECIDED_PROSECUTE,
    TipStatus.DECIDED_NOT_PROSECUTE,
    TipStatus.SUSPENDED,
    TipStatus.TRANSFERRED_OUT,
    TipStatus.CLOSED_NOT_CRIME,
)


class Action(models.TextChoices):
    """What staff do to a tip; each goes through one service."""

    ASSIGN = "assign", _("Assign")
    VERIFY = "verify", _("Start verification")
    EXTEND = "extend", _("Extend the time limit")
    SUSPEND = "suspend", _("Suspend")
    RESUME = "resume", _("Resume")
    DECIDE = "decide", _("Decide")
    TRANSFER = "transfer", _("Transfer")
    TRANSFER_OUT = "transfer_out", _("Transfer to another agency")
    CLOSE = "close", _("Close as not a crime matter")


# From which statuses each action may be taken (received → verifying → (extended) → decided,
# suspended → resumed, or transferred, or closed). A suspended tip is resumed before anything
# else happens to it; a settled tip is final.
ALLOWED_FROM = {
    Action.ASSIGN: OPEN,
    Action.VERIFY: (TipStatus.RECEIVED,),
    Action.EXTEND: (TipStatus.VERIFYING, TipStatus.EXTENDED),
    Action.SUSPEND: (TipStatus.VERIFYING, TipStatus.EXTENDED, TipStatus.RESUMED),
    Action.RESUME: (TipStatus.SUSPENDED,),
    Action.DECIDE: (TipStatus.VERIFYING, TipStatus.EXTENDED, TipStatus.RESUMED),
    Action.TRANSFER: RUNNING,
    Action.TRANSFER_OUT: RUNNING,
    Action.CLOSE: RUNNING,
}
