"""HTML of list cells that several record types share."""

from django.utils.html import format_html
from django.utils.translation import gettext as _

from antq.formats import format_date


def overdue_date(day, today, shown=None):
    """A due date in a list: past it (`today` later), the date is marked (class `date-overdue`,
    `data-overdue`) and followed by the words "overdue by n d", so that it is not told by
    colour alone; otherwise the date as it is."""
    shown = format_date(day) if shown is None else shown
    late = (today - day).days
    if late <= 0:
        return shown
    return format_html(
        '<span class="date-overdue" data-overdue="1">{}</span> '
        '<span class="badge text-bg-danger">{}</span>',
        shown,
        _("overdue by {n} d").format(n=late),
    )
