"""Export columns of monthly tallies. An export can be imported again: its headers for the
commune, the month and the counts are the import's (imports.py)."""

from django.utils.translation import gettext_lazy as _

from antq.core.exports import place_columns
from antq.tallies.choices import COUNT_FIELDS, TIP_COUNT_FIELDS
from antq.tallies.imports import TALLY_IMPORT, column_label
from antq.tallies.months import month_text


def _person(user):
    return user.person_label if user else ""


TALLY_COLUMNS = [
    (_("id"), lambda t: t.pk),
    *place_columns(TALLY_IMPORT),
    (_("month"), lambda t: month_text(t.month)),
    (_("status"), lambda t: t.get_status_display()),
    *[(column_label(name), lambda t, name=name: getattr(t, name)) for name in COUNT_FIELDS],
    # empty, not 0, when the tally did not report them
    *[(column_label(name), lambda t, name=name: getattr(t, name)) for name in TIP_COUNT_FIELDS],
    (_("clarification rate"), lambda t: t.clarification_rate),
    (_("detection rate"), lambda t: t.detection_rate),
    (_("submitted by"), lambda t: _person(t.submitted_by)),
    (_("submitted at"), lambda t: t.submitted_at),
    (_("approved by"), lambda t: _person(t.approved_by)),
    (_("approved at"), lambda t: t.approved_at),
    (_("notes"), lambda t: t.notes),
]
