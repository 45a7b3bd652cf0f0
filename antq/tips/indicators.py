"""Crime reports and tips: their indicators and the report's sentences on them."""

from django.db.models import F, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from antq.indicators.groups import Group, Panel, declare_flags, declare_groups
from antq.indicators.registry import FLOW, Indicator, declare
from antq.tips.choices import SETTLED
from antq.tips.models import Tip
from antq.tips.selectors import overdue_by_child

TIP_SETTLED = Q(status__in=SETTLED)  # the tip has left the unit's work for good

declare(
    # crime reports and tips (tố giác, tin báo), placed in time by the day they were received and
    # counted in their state today
    Indicator(
        "tips.received",
        _("crime reports and tips received"),
        "tips",
        model=Tip,
        date_field="received_on",
        kind=FLOW,
    ),
    Indicator(
        "tips.settled",
        _("crime reports and tips settled"),
        "tips",
        model=Tip,
        where=TIP_SETTLED,
        date_field="received_on",
        kind=FLOW,
        denominator="tips.received",
    ),
    Indicator(
        "tips.settled_on_time",
        _("crime reports and tips settled on time"),
        "tips",
        model=Tip,
        where=TIP_SETTLED & Q(settled_due_on__isnull=False, settled_on__lte=F("settled_due_on")),
        date_field="received_on",
        kind=FLOW,
        denominator="tips.settled",
    ),
)


def sentences(v, fmt):
    received = v.value("tips.received")
    if not received:
        return [gettext("No crime report or tip was received in the period.")]
    return [
        ngettext(
            "{n} crime report or tip was received; {settled} of them ({rate}) have been settled, "
            "{on_time} within the legal time limit.",
            "{n} crime reports and tips were received; {settled} of them ({rate}) have been "
            "settled, {on_time} within the legal time limit.",
            received,
        ).format(
            n=fmt.number(received),
            settled=fmt.number(v.value("tips.settled")),
            rate=fmt.rate(v.rate("tips.settled")),
            on_time=fmt.number(v.value("tips.settled_on_time")),
        )
    ]


declare_groups(Group("tips", _("Crime reports and tips"), order=60, sentences=sentences))


def _overdue(user, area, date_from, date_to):
    return {"overdue": overdue_by_child(user, area)}  # a state of today, whatever the period


declare_flags(Panel("overdue", "tips/_flag_overdue.html", _overdue, order=10))
