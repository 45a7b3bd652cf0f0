"""The monthly tallies' work in the inbox: a commune's own staff submit the tally of the month
that has just ended and correct the tallies returned to them; an approver above the commune
decides, at their level, what was submitted (tallies/approval.py)."""

from urllib.parse import urlencode

from django.db.models import DateField, Exists, OuterRef, Subquery, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from antq.areas.models import Area
from antq.core.scoping import Action, own_level_q
from antq.inbox.registry import Item, ItemKind, declare
from antq.reporting.periods import last_ended_month
from antq.reporting.selectors import expected_units_q
from antq.tallies.choices import TallyStatus
from antq.tallies.models import MonthlyTally
from antq.tallies.months import month_text
from antq.tallies.selectors import tallies_awaiting_approval, tallies_returned_to


def to_submit(user, today):
    """The units where the user holds a role themselves (not from above: the province approves,
    the unit submits) that the reporting obligations expect to report for the tally month whose
    period ended last (reporting/selectors.expected_units_q: the communes in force that month
    and the units obligations add, less those they exempt; reporting/periods for the period),
    and whose tally of that month has not been submitted."""
    month = last_ended_month(today)
    sent = MonthlyTally.objects.filter(
        area=OuterRef("pk"),
        month=month,
    ).exclude(status=TallyStatus.DRAFT)  # a returned tally is work of its own kind below
    return (
        Area.objects.filter(own_level_q(user, Action.CHANGE, "path"), expected_units_q(month))
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
    """The tallies waiting for a decision at the user's approval level, oldest month first, as
    plain records (without the list's columns)."""
    return tallies_awaiting_approval(
        user, MonthlyTally.objects.visible_to(user, Action.APPROVE).select_related("area")
    )


def returned(user, today):
    """The tallies returned for correction to units where the user may change them."""
    return tallies_returned_to(user).select_related("area")


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


def _returned_item(tally):
    return Item(
        title=tally.area.name,
        url=tally.get_absolute_url(),
        detail=f"{month_text(tally.month)}: {tally.return_reason}",
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
        lambda: reverse("tallies:tally-approve-many"),
        order=60,
    ),
    ItemKind(
        "tallies-returned",
        _("Monthly tallies returned for correction"),
        returned,
        _returned_item,
        lambda: reverse("tallies:tally-list") + "?" + urlencode({"status": TallyStatus.RETURNED}),
        order=55,
    ),
)
