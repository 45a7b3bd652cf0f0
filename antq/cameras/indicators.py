"""Camera sites and public fire-fighting points: their indicators and the report's sentences."""

from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from antq.cameras.models import CameraSite, FirePoint
from antq.cameras.selectors import reconfirmation_overdue
from antq.indicators.groups import Group, Panel, declare_cards, declare_groups
from antq.indicators.registry import Indicator, declare
from antq.indicators.selectors import totals
from antq.indicators.wording import counted

NOT_REMOVED = ~Q(status="removed")

declare(
    # fire safety and cameras
    Indicator("fire.points", _("public fire-fighting points"), "cameras", model=FirePoint),
    Indicator(
        "cameras.sites",
        _("camera sites"),
        "cameras",
        model=CameraSite,
        where=NOT_REMOVED,
        date_field="installed_on",
    ),
    Indicator(
        "cameras.heads",
        _("camera heads"),
        "cameras",
        model=CameraSite,
        where=NOT_REMOVED,
        measure=("sum", "heads"),
        date_field="installed_on",
    ),
    Indicator(
        "cameras.connected_heads",
        _("camera heads connected to the commune system"),
        "cameras",
        model=CameraSite,
        where=NOT_REMOVED & Q(connected=True),
        measure=("sum", "heads"),
        date_field="installed_on",
        denominator="cameras.heads",
    ),
    Indicator(
        "cameras.socialised_vnd",
        _("socialised funds for cameras (VND)"),
        "cameras",
        model=CameraSite,
        where=Q(funding_source="socialised"),
        measure=("sum", "funding_amount"),
        date_field="installed_on",
        unit="vnd",
    ),
)


def sentences(v, fmt):
    paragraphs = [
        gettext(
            "{sites} with {heads}; {connected} of the heads ({rate}) are connected to the "
            "commune system."
        ).format(
            sites=counted("{n} camera site", "{n} camera sites", v.value("cameras.sites"), fmt),
            heads=counted("{n} camera head", "{n} camera heads", v.value("cameras.heads"), fmt),
            connected=fmt.number(v.value("cameras.connected_heads")),
            rate=fmt.rate(v.rate("cameras.connected_heads")),
        )
    ]
    funds = v.value("cameras.socialised_vnd")
    if funds:
        paragraphs.append(
            gettext("Socialised (non-budget) funds for cameras: {amount} VND.").format(
                amount=fmt.number(funds)
            )
        )
    n = v.value("fire.points")
    paragraphs.append(
        ngettext(
            "{n} public fire-fighting point is in place.",
            "{n} public fire-fighting points are in place.",
            n,
        ).format(n=fmt.number(n))
    )
    return paragraphs


declare_groups(Group("cameras", _("Cameras and fire safety"), order=40, sentences=sentences))


def _cameras_card(user, roots):
    figures = totals(["cameras.sites", "cameras.heads", "cameras.connected_heads"], user, roots)
    return {
        "cameras": {
            "sites": figures["cameras.sites"],
            "heads": figures["cameras.heads"],
            "connected_heads": figures["cameras.connected_heads"],
        },
        "reconfirmation_overdue": reconfirmation_overdue(user).count(),
    }


def _fire_points_card(user, roots):
    return {"fire_points": totals(["fire.points"], user, roots)["fire.points"]}


declare_cards(
    Panel("cameras", "cameras/_card_cameras.html", _cameras_card, order=30),
    Panel("fire_points", "cameras/_card_fire_points.html", _fire_points_card, order=40),
)
