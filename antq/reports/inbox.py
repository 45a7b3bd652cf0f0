"""The reports' work in the inbox: the report of the month that ended last, awaiting the
sign-off of the approvers of its unit (a province's, a commune's), until one signs it."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import DateField, Exists, OuterRef, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from antq.areas.models import Area, active_on_q
from antq.core.scoping import Action, own_level_q
from antq.inbox.registry import Item, ItemKind, declare
from antq.reports.models import Boundaries, FrozenReport


def month_ended(today):
    """(first day, last day) of the month that ended last."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def awaiting_signoff(user, today):
    """The units where the user approves in their own right, in force at the month's end, whose
    report of that month (by the units records were filed under) is not signed off."""
    first, last = month_ended(today)
    signed = FrozenReport.objects.filter(
        area=OuterRef("pk"), date_from=first, date_to=last, boundaries=Boundaries.FILED
    )
    return (
        Area.objects.filter(own_level_q(user, Action.APPROVE, "path"), active_on_q(last))
        .exclude(Exists(signed))
        .annotate(
            date_from=Value(first, output_field=DateField()),
            date_to=Value(last, output_field=DateField()),
        )
        .order_by("path")
    )


def _item(area):
    query = {
        "area": area.pk,
        "date_from": area.date_from.isoformat(),
        "date_to": area.date_to.isoformat(),
    }
    return Item(
        title=area.name,
        url=reverse("reports:report") + "?" + urlencode(query),
        detail=f"{area.date_from:%m/%Y}",
        when=area.date_to,
    )


declare(
    ItemKind(
        "reports-awaiting-signoff",
        _("Monthly reports awaiting your sign-off"),
        awaiting_signoff,
        _item,
        order=85,
    ),
)
