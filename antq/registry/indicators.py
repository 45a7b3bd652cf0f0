"""The organisations registered in the movement: their indicator and the report's sentence."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from antq.indicators.base import Indicator, declare
from antq.indicators.groups import Group, declare_groups
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
