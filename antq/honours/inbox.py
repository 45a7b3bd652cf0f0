"""The commendations' work in the inbox: nominations awaiting the decision of a level above the
nominating unit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from antq.core.scoping import Action, above_q
from antq.honours.choices import CommendationStatus
from antq.honours.models import Commendation
from antq.inbox.registry import Item, ItemKind, declare


def awaiting_decision(user, today):
    """Nominations the user decides from above their unit, as `commendation_approve` checks."""
    return (
        Commendation.objects.filter(
            above_q(user, Action.APPROVE), status=CommendationStatus.NOMINATED
        )
        .select_related("area")
        .order_by("period_to", "pk")
    )


def _item(commendation):
    return Item(
        title=str(commendation),
        url=commendation.get_absolute_url(),
        detail=commendation.area.name,
    )


declare(
    ItemKind(
        "honours-commendations-awaiting-decision",
        _("Commendations awaiting your decision"),
        awaiting_decision,
        _item,
        lambda: reverse("honours:commendation-list") + "?status=" + CommendationStatus.NOMINATED,
        order=70,
    ),
)
