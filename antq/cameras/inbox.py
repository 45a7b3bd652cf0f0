"""The camera sites' work in the inbox: the yearly re-confirmations that have fallen due, for
the staff who may re-confirm them."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.cameras.choices import CameraStatus
from antq.cameras.models import CameraSite
from antq.core.scoping import Action
from antq.inbox.registry import Item, ItemKind, declare


def reconfirmations_due(user, today):
    """Sites past their re-confirmation date (removed sites are not asked), as the list's
    "re-confirmation overdue" filter finds them."""
    return (
        CameraSite.objects.visible_to(user, Action.CHANGE)
        .filter(reconfirm_due_on__lt=today)
        .exclude(status=CameraStatus.REMOVED)
        .select_related("area")
        .order_by("reconfirm_due_on", "pk")
    )


def _item(site):
    return Item(
        title=str(site),
        url=site.get_absolute_url(),
        detail=_("{area} · due on {day}").format(
            area=site.area.name, day=site.reconfirm_due_on.strftime("%d/%m/%Y")
        ),
        when=site.reconfirm_due_on,
    )


declare(
    ItemKind(
        "cameras-reconfirmations-due",
        gettext_lazy("Camera sites to re-confirm"),
        reconfirmations_due,
        _item,
        lambda: reverse("cameras:camerasite-list") + "?overdue=true",
        order=90,
        first_apart=True,  # tens of thousands for a province: its first found in due order
    ),
)
