"""The area tree's indicators: villages and communes in force at the end of a period."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.indicators.groups import Group, declare_groups
from antq.indicators.registry import Indicator, declare

declare(
    Indicator(
        "areas.villages",
        _("villages and residential groups"),
        "areas",
        model=Area,
        where=Q(level=AreaLevel.VILLAGE),
        path="path",
        date_field="valid_from",
        end_field="valid_to",
    ),
    Indicator(
        "areas.communes",
        _("communes and wards"),
        "areas",
        model=Area,
        where=Q(level=AreaLevel.COMMUNE),
        path="path",
        date_field="valid_from",
        end_field="valid_to",
    ),
)

declare_groups(Group("areas", _("Areas"), order=10))
