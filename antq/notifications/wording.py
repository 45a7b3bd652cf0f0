"""A notification's text, worded when it is read, in the reader's language, from the neutral
names and codes it keeps (as antq/audit/details.py words the audit log)."""

from django.utils.translation import gettext as _

from antq.notifications.choices import Kind


def _wordings():
    return {
        Kind.TIP_NEW: _("New tip {tip} received in {area}."),
        Kind.TIP_REPLY: _("The citizen replied to tip {tip} ({area})."),
        Kind.TIP_DUE_SOON: _("Tip {tip} ({area}) falls due on {due}."),
        Kind.TIP_OVERDUE: _("Tip {tip} ({area}) is overdue: it was due on {due}."),
        Kind.TALLY_APPROVED: _("The monthly tally of {area} for {month} was approved."),
        Kind.TALLY_RETURNED: _(
            "The monthly tally of {area} for {month} was returned for correction: {reason}"
        ),
        Kind.DECISION_REQUESTED: _("The commendation “{commendation}” ({area}) awaits a decision."),
        Kind.DECISION_MADE: _("A decision was made on the commendation “{commendation}” ({area})."),
        Kind.RECOGNITION_REQUESTED: _(
            "The assessment of {subject} ({area}, {year}) meets the standard and awaits "
            "recognition."
        ),
        Kind.RECOGNITION_MADE: _("{subject} ({area}) was recognised for {year}."),
    }


class _Blank(dict):
    def __missing__(self, key):
        return ""


def text_of(notification) -> str:
    """The notification in the active language."""
    wording = _wordings().get(notification.kind)
    if wording is None:
        return notification.kind
    return wording.format_map(_Blank(notification.params or {}))


def subject_of(notification) -> str:
    """The subject of its e-mail: the kind's name."""
    return "antq: " + str(Kind(notification.kind).label)
