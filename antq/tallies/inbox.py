"""The monthly tallies' work in the inbox: a commune's own staff submit the tally of the month
that has just ended; an approver above the commune approves what was submitted. A kind for the
tallies returned for correction plugs in here the same way, once the workflow has that step."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import DateField, Exists, OuterRef, Subquery, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.areas.models import Area, active_on_q
from antq.core.scoping import Action, above_q, own_level_q
from antq.inbox.registry import Item, ItemKind, declare
from antq.tallies.choices import TallyStatus
from antq.tallies.models import MonthlyTally
from antq.tallies.months import month_text


def month_ended(today):
    """The first day of the month that ended last."""
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def to_submit(user, today):
    """Communes where the user holds a role themselves (not from above: the province approves,
    the commune submits), in force at the end of the month that ended last, whose tally of that
    month has not been submitted."""
    month = month_ended(today)
    sent = MonthlyTally.objects.filter(
        area=OuterRef("pk"),
        month=month,
        status__in=(TallyStatus.SUBMITTED, TallyStatus.APPROVED),
    )
    return (
        Area.objects.filter(
            own_level_q(user, Action.CHANGE, "path"),
            active_on_q(today.replace(day=1) - timedelta(days=1)),
            level=AreaLevel.COMMUNE,
        )
        .exclude(Exists(sent))
        .annotate(
            month=Value(month, output_field=DateField()),
            draft=Subquery(
                MonthlyTally.objects.filter(area=OuterRef("pk"), month=month).values("pk")[:1]
            ),
        )
        .order_by("path")
    )


def awaiting_approval(user, today):
    """Submitted tallies the user approves from above the commune, oldest month first."""
    return (
        MonthlyTally.objects.filter(above_q(user, Action.APPROVE), status=TallyStatus.SUBMITTED)
        .select_related("area")
        .order_by("month", "area__path")
    )


def _to_submit_item(area):
    """The draft where there is one, else the page that writes it."""
    if area.draft:
        url = reverse("tallies:tally-detail", args=[area.draft])
    else:
        url = reverse("tallies:tally-create") + "?" + urlencode({"area": area.pk})
    return Item(title=area.name, url=url, detail=month_text(area.month))


def _tally_item(tally):
    return Item(
        title=tally.area.name,
        url=tally.get_absolute_url(),
        detail=month_text(tally.month),
    )


declare(
    ItemKind(
        "tallies-to-submit",
        _("Monthly tallies to submit"),
        to_submit,
        _to_submit_item,
        order=50,
    ),
    ItemKind(
        "tallies-to-approve",
        _("Monthly tallies awaiting your approval"),
        awaiting_approval,
        _tally_item,
        lambda: reverse("tallies:tally-list") + "?" + urlencode({"status": TallyStatus.SUBMITTED}),
        order=60,
    ),
)
