"""The tips' work in the inbox: new tips from the portal nobody has taken, reporters' replies
the unit has not read, and the legal clock (falling due within the reminder's days, overdue).
Each is the tips the user may work on (CHANGE), one query over their jurisdiction."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.core.planning import unseen
from antq.core.scoping import Action
from antq.inbox.registry import Item, ItemKind, declare
from antq.tips.choices import OPEN, RUNNING, Channel
from antq.tips.models import Tip, TipMessage
from antq.tips.selectors import REMIND_WITHIN_DAYS, overdue_q


def _tips(user):
    return Tip.objects.visible_to(user, Action.CHANGE).select_related("area")


def _list_url(**query):
    return reverse("tips:tip-list") + ("?" + urlencode(query) if query else "")


def _item(detail):
    def read(tip):
        return Item(
            title=str(tip.code),
            url=tip.get_absolute_url(),
            detail=detail(tip),
            when=tip.due_on,
        )

    return read


def _where(tip):
    return tip.area.name


def new_from_portal(user, today):
    return (
        _tips(user)
        .filter(channel=Channel.ONLINE_PORTAL, assigned_to__isnull=True, status__in=OPEN)
        .order_by("received_on", "id")
    )


def unread_replies(user, today):
    unread = TipMessage.objects.filter(tip=OuterRef("pk"), from_staff=False, read_at__isnull=True)
    return _tips(user).filter(Exists(unread)).order_by("id")


def falling_due(user, today):
    return (
        _tips(user)
        .filter(
            status__in=RUNNING,
            due_on__gte=unseen(today),
            due_on__lte=unseen(today + timedelta(days=REMIND_WITHIN_DAYS)),
        )
        .order_by("due_on", "id")
    )


def overdue(user, today):
    """The overdue tips, most overdue first. Today's date is compared as a value the planner
    does not read when it plans (`unseen`): only running tips have a due date, but the planner
    multiplies the share of running tips by the share of due dates before today as if they
    were independent (at national scale 118 tips expected, 13,120 found), and then reads the
    country's overdue tips by due date and sorts them by unit instead of walking them in
    order until five of the user's units are found (7 ms against under 1)."""
    return _tips(user).filter(overdue_q(unseen(today))).order_by("due_on", "id")


def _due_detail(tip):
    return _("{area} · due on {day}").format(
        area=tip.area.name, day=tip.due_on.strftime("%d/%m/%Y")
    )


declare(
    ItemKind(
        "tips-new-from-portal",
        gettext_lazy("New tips from the portal, not yet assigned"),
        new_from_portal,
        _item(_where),
        lambda: _list_url(channel=Channel.ONLINE_PORTAL),
        order=10,
    ),
    ItemKind(
        "tips-unread-replies",
        gettext_lazy("Reporters' replies not yet read"),
        unread_replies,
        _item(_where),
        order=20,
    ),
    ItemKind(
        "tips-overdue",
        gettext_lazy("Tips overdue"),
        overdue,
        _item(_due_detail),
        lambda: _list_url(overdue="true"),
        order=30,
        first_apart=True,  # the country's overdue tips by due date, until five are the user's
    ),
    ItemKind(
        "tips-falling-due",
        format_lazy(gettext_lazy("Tips falling due within {days} days"), days=REMIND_WITHIN_DAYS),
        falling_due,
        _item(_due_detail),
        order=40,
    ),
)
