import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from antq.audit.models import AuditAction, AuditEntry
from antq.core.filters import AreaSubtreeFilter


class AuditEntryFilterSet(django_filters.FilterSet):
    username = django_filters.CharFilter(
        label=_("User name"), field_name="username", lookup_expr="icontains"
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    area = AreaSubtreeFilter()
    after = django_filters.DateFilter(
        label=_("On or after"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    before = django_filters.DateFilter(
        label=_("On or before"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["username", "action", "area", "after", "before"]
