"""One definition of the area filters, shared by the area browser and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel, AreaType
from antq.areas.models import Area, active_on_q
from antq.areas.selectors import area_search
from antq.core.filters import AreaSubtreeFilter


class AreaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="filter_q")
    level = django_filters.TypedChoiceFilter(
        label=_("Level"), choices=AreaLevel.choices, coerce=int
    )
    area_type = django_filters.ChoiceFilter(label=_("Type"), choices=AreaType.choices)
    parent = django_filters.NumberFilter(label=_("Parent (id)"), method="filter_parent")
    area = AreaSubtreeFilter(path_lookup="path")
    active_on = django_filters.DateFilter(label=_("In force on"), method="filter_active_on")

    class Meta:
        model = Area
        fields = ["q", "level", "area_type", "parent", "area", "active_on"]

    def filter_q(self, queryset, name, value):
        return area_search(queryset, value)

    def filter_parent(self, queryset, name, value):
        parent = Area.objects.filter(pk=value).only("path", "depth").first()
        if parent is None:
            return queryset.none()
        return queryset.filter(path__startswith=parent.path, depth=parent.depth + 1)

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(active_on_q(value))
