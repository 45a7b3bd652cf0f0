"""Hotspots: their indicators and the report's sentences on them."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from antq.hotspots.models import Hotspot
from antq.indicators.groups import Group, declare_groups
from antq.indicators.registry import FLOW, Indicator, declare

declare(
    Indicator(
        "hotspots.new",
        _("hotspots that arose"),
        "hotspots",
        model=Hotspot,
        date_field="opened_on",
        kind=FLOW,
    ),
    Indicator(
        "hotspots.open",
        _("hotspots open"),
        "hotspots",
        model=Hotspot,
        date_field="opened_on",
        end_field="settled_on",
    ),
    Indicator(
        "hotspots.settled",
        _("hotspots settled"),
        "hotspots",
        model=Hotspot,
        where=Q(status="settled"),
        date_field="settled_on",
        kind=FLOW,
    ),
)


def sentences(v, fmt):
    new, settled, still = (
        v.value("hotspots.new"),
        v.value("hotspots.settled"),
        v.value("hotspots.open"),
    )
    return [
        " ".join(
            (
                ngettext(
                    "{n} hotspot arose in the period.", "{n} hotspots arose in the period.", new
                ).format(n=fmt.number(new)),
                ngettext("{n} hotspot was settled.", "{n} hotspots were settled.", settled).format(
                    n=fmt.number(settled)
                ),
                ngettext(
                    "{n} hotspot was still open at the end of the period.",
                    "{n} hotspots were still open at the end of the period.",
                    still,
                ).format(n=fmt.number(still)),
            )
        )
    ]


declare_groups(Group("hotspots", _("Hotspots"), order=120, sentences=sentences))
