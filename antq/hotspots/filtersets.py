import django_filters
from django.utils.translation import gettext_lazy as _

from antq.core.filters import AreaSubtreeFilter, YesNoFilter
from antq.hotspots.choices import OPEN_STATUSES, HotspotKind, HotspotStatus
from antq.hotspots.models import Hotspot


class HotspotFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="icontains")
    area = AreaSubtreeFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=HotspotKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=HotspotStatus.choices)
    is_open = YesNoFilter(label=_("Not settled yet"), method="filter_open")
    opened_after = django_filters.DateFilter(
        label=_("Arose on or after"), field_name="opened_on", lookup_expr="gte"
    )
    opened_before = django_filters.DateFilter(
        label=_("Arose on or before"), field_name="opened_on", lookup_expr="lte"
    )
    settled_after = django_filters.DateFilter(
        label=_("Settled on or after"), field_name="settled_on", lookup_expr="gte"
    )
    settled_before = django_filters.DateFilter(
        label=_("Settled on or before"), field_name="settled_on", lookup_expr="lte"
    )

    class Meta:
        model = Hotspot
        fields = [
            "q",
            "area",
            "kind",
            "status",
            "is_open",
            "opened_after",
            "opened_before",
            "settled_after",
            "settled_before",
        ]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.exclude(status__in=OPEN_STATUSES)
