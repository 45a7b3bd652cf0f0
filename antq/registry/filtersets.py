import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.filters import AreaSubtreeFilter
from antq.registry.choices import OrganisationType
from antq.registry.models import Organisation


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    area = AreaSubtreeFilter()
    org_type = django_filters.ChoiceFilter(label=_("Type"), choices=OrganisationType.choices)
    created_after = django_filters.DateFilter(
        label=_("Created on or after"), field_name="created_at", lookup_expr="date__gte"
    )
    created_before = django_filters.DateFilter(
        label=_("Created on or before"), field_name="created_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Organisation
        fields = ["q", "area", "org_type", "created_after", "created_before"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))
