"""Camera sites and public fire-fighting points: their indicators and the report's sentences."""

from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from antq.cameras.choices import OwnerType
from antq.cameras.models import CameraSite, FirePoint
from antq.cameras.selectors import reconfirmation_overdue
from antq.indicators.groups import Group, Panel, declare_cards, declare_groups
from antq.indicators.registry import Indicator, declare
from antq.indicators.selectors import totals
from antq.indicators.wording import counted, listed

NOT_REMOVED = ~Q(status="removed")


def _sites(key, name, *owner_types):
    return Indicator(
        key,
        name,
        "cameras",
        model=CameraSite,
        where=NOT_REMOVED & Q(owner_type__in=owner_types),
        date_field="installed_on",
    )


declare(
    # fire safety and cameras
    Indicator("fire.points", _("public fire-fighting points"), "cameras", model=FirePoint),
    # camera sites by owner; the commune's own system is counted apart, not as one more site
    Indicator(
        "cameras.sites",
        _("camera sites"),
        "cameras",
        model=CameraSite,
        where=NOT_REMOVED & ~Q(owner_type=OwnerType.COMMUNE_SYSTEM),
        date_field="installed_on",
    ),
    _sites(
        "cameras.sites_organisations",
        _("camera sites of agencies, enterprises and schools"),
        OwnerType.AGENCY,
        OwnerType.ENTERPRISE,
        OwnerType.SCHOOL,
    ),
    _sites("cameras.sites_households", _("camera sites of households"), OwnerType.HOUSEHOLD),
    _sites("cameras.sites_other", _("camera sites of other owners"), OwnerType.OTHER),
    _sites("cameras.commune_systems", _("commune camera systems"), OwnerType.COMMUNE_SYSTEM),
    Indicator(
        "cameras.commune_system_heads",
        _("camera heads of commune camera systems"),
        "cameras",
        model=CameraSite,
        where=NOT_REMOVED & Q(owner_type=OwnerType.COMMUNE_SYSTEM),
        measure=("sum", "heads"),
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


# "12 sites of agencies, enterprises and schools": the sites of each kind of owner, each with
# its plural.
OWNER_PHRASES = (
    (
        "cameras.sites_organisations",
        lambda n: ngettext(
            "{n} site of an agency, enterprise or school",
            "{n} sites of agencies, enterprises and schools",
            n,
        ),
    ),
    ("cameras.sites_households", lambda n: ngettext("{n} household", "{n} households", n)),
    (
        "cameras.sites_other",
        lambda n: ngettext("{n} site of another owner", "{n} sites of other owners", n),
    ),
)


def sentences(v, fmt):
    paragraphs = []
    owners = [
        phrase(v.value(key)).format(n=fmt.number(v.value(key)))
        for key, phrase in OWNER_PHRASES
        if v.value(key)  # an owner kind with no site is not listed
    ]
    if owners:
        text = gettext("Cameras are installed at {owners}.")
        paragraphs.append(text.format(owners=listed(owners)))
    systems = v.value("cameras.commune_systems")
    if systems:
        paragraphs.append(
            ngettext(
                "The commune's own camera system has {heads}.",
                "{n} commune camera systems have {heads}.",
                systems,
            ).format(
                n=fmt.number(systems),
                heads=counted(
                    "{n} camera head",
                    "{n} camera heads",
                    v.value("cameras.commune_system_heads"),
                    fmt,
                ),
            )
        )
    paragraphs.append(
        gettext(
            "In all, {heads}; {connected} of them ({rate}) are connected to the commune system."
        ).format(
            heads=counted("{n} camera head", "{n} camera heads", v.value("cameras.heads"), fmt),
            connected=fmt.number(v.value("cameras.connected_heads")),
            rate=fmt.rate(v.rate("cameras.connected_heads")),
        )
    )
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
