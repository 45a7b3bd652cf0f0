"""Every read of hotspots, scoped to the user."""

from antq.core.scoping import Action
from antq.hotspots.models import Hotspot


def hotspot_list(user, action=Action.VIEW):
    return Hotspot.objects.visible_to(user, action).select_related("area")


def status_history(hotspot: Hotspot):
    """The status changes of a hotspot the caller already holds (so already scoped)."""
    return hotspot.status_changes.select_related("changed_by").order_by("-changed_on", "-id")


def opened_between(area, date_from, date_to):
    """Hotspots of `area`'s subtree that arose in [date_from, date_to]: for the facts an
    evaluation is pre-filled from (the caller already holds the area, so already scoped)."""
    return Hotspot.objects.filter(
        area__path__startswith=area.path, opened_on__gte=date_from, opened_on__lte=date_to
    ).order_by("opened_on", "id")
