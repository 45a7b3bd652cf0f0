"""The organisations registered in the movement: their indicator and the report's sentence."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from antq.indicators.groups import Group, Panel, declare_cards, declare_groups
from antq.indicators.registry import Indicator, declare
from antq.indicators.selectors import totals
from antq.registry.models import Organisation

declare(
    # organisations
    Indicator(
        "organisations.total",
        _("agencies, enterprises, schools and organisations"),
        "organisations",
        model=Organisation,
    ),
)


def sentences(v, fmt):
    n = v.value("organisations.total")
    return [
        ngettext(
            "{n} agency, enterprise, school or organisation is registered in the movement.",
            "{n} agencies, enterprises, schools and organisations are registered in the movement.",
            n,
        ).format(n=fmt.number(n))
    ]


declare_groups(Group("organisations", _("Organisations"), order=50, sentences=sentences))


def _card(user, roots):
    return {
        "organisation_count": totals(["organisations.total"], user, roots)["organisations.total"]
    }


declare_cards(Panel("organisations", "registry/_card_organisations.html", _card, order=50))
