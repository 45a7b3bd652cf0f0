"""Every read of the public portal. Nothing here is scoped to a user: each read returns only
what the public may know (today's communes and wards by their public names; for a signed-in
reporter, their own tip's status in plain words, its due date and its messages)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.areas.selectors import area_search, with_provinces
from antq.tips.choices import TipStatus
from antq.tips.models import Tip, TipCategory

SEARCH_MIN_CHARS = 2
SEARCH_LIMIT = 20

# What the reporter reads about their tip: plain words, no internal step names.
PUBLIC_STATUS = {
    TipStatus.RECEIVED: _("Received: waiting to be examined"),
    TipStatus.VERIFYING: _("Being verified"),
    TipStatus.EXTENDED: _("Being verified (the time limit was extended)"),
    TipStatus.RESUMED: _("Being verified"),
    TipStatus.SUSPENDED: _("On hold: verification is paused"),
    TipStatus.DECIDED_PROSECUTE: _("Decided: a criminal case was opened"),
    TipStatus.DECIDED_NOT_PROSECUTE: _("Decided: no criminal case will be opened"),
    TipStatus.TRANSFERRED_OUT: _("Sent to the competent agency"),
    TipStatus.CLOSED_NOT_CRIME: _("Closed: not a crime matter"),
}


def communes_in_force():
    """Today's communes, wards and special zones: the units that receive a portal report."""
    return Area.objects.filter(level=AreaLevel.COMMUNE).active_on(timezone.localdate())


def commune_search(q: str):
    """Communes and wards in force whose name (accents ignored) or code matches `q`, each with
    its province, for the report form's area search."""
    q = (q or "").strip()
    if len(q) < SEARCH_MIN_CHARS:
        return []
    found = area_search(communes_in_force(), q).order_by("name", "code")[:SEARCH_LIMIT]
    return with_provinces(
        found.only("id", "name", "code", "path", "depth", "latitude", "longitude")
    )


def categories_in_use():
    return TipCategory.objects.filter(is_active=True)


def reporter_view(tip: Tip) -> dict:
    """What the reporter of `tip` may see of it."""
    tip = Tip.objects.select_related("area").get(pk=tip.pk)
    return {
        "code": tip.code,
        "status": PUBLIC_STATUS.get(tip.status, _("Received: waiting to be examined")),
        "settled": tip.is_settled,
        "due_on": tip.due_on,
        "received_on": tip.received_on,
        "unit": tip.area.name,
        "messages": list(tip.messages.order_by("id").values("from_staff", "body", "at")),
    }


def signed_in_tip(pk):
    return Tip.objects.filter(pk=pk).first()
