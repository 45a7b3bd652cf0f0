import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from antq.core.filters import AreaSubtreeFilter
from antq.tallies.choices import TallyStatus
from antq.tallies.models import MonthlyTally
from antq.tallies.months import MonthField, MonthInput


class MonthFilter(django_filters.Filter):
    """A month picked as YYYY-MM (MM/YYYY and dates work too); compares first days of months."""

    field_class = MonthField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MonthInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)


class MonthlyTallyFilterSet(django_filters.FilterSet):
    area = AreaSubtreeFilter()
    month_from = MonthFilter(label=_("From month"), field_name="month", lookup_expr="gte")
    month_to = MonthFilter(label=_("To month"), field_name="month", lookup_expr="lte")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=TallyStatus.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = MonthlyTally
        fields = ["area", "month_from", "month_to", "status"]
