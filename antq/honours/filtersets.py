from datetime import date

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.activities.filtersets import date_range
from antq.core.filters import AreaSubtreeFilter, YesNoFilter
from antq.honours.choices import (
    COLLECTIVE_KINDS,
    AuthorityLevel,
    AwardForm,
    CommendationStatus,
    RecipientKind,
)
from antq.honours.models import Commendation, EmulationAgreement


def _overlapping_year(queryset, year, start="period_from", end="period_to"):
    return queryset.filter(**{f"{start}__lte": date(year, 12, 31), f"{end}__gte": date(year, 1, 1)})


class YearFilter(django_filters.NumberFilter):
    """Records whose period overlaps the year."""

    def __init__(self, *args, **kwargs):
        from django import forms

        kwargs.setdefault("label", _("Year"))
        kwargs.setdefault("widget", forms.NumberInput(attrs={"min": 1945, "max": 2200}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return _overlapping_year(qs, int(value))


class EmulationAgreementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="icontains")
    area = AreaSubtreeFilter()
    year = YearFilter(min_value=1945, max_value=2200)
    signed_after, signed_before = date_range(
        "signed_on", _("Signed on or after"), _("Signed on or before")
    )
    organisation = django_filters.NumberFilter(
        label=_("Organisation (id)"), field_name="organisations", distinct=True
    )

    class Meta:
        model = EmulationAgreement
        fields = ["q", "area", "year", "signed_after", "signed_before", "organisation"]


class CommendationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_q")
    area = AreaSubtreeFilter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CommendationStatus.choices)
    award_form = django_filters.ChoiceFilter(label=_("Form"), choices=AwardForm.choices)
    recipient_kind = django_filters.ChoiceFilter(
        label=_("Recipient"), choices=RecipientKind.choices
    )
    collective = YesNoFilter(label=_("Collective"), method="filter_collective")
    authority_level = django_filters.ChoiceFilter(
        label=_("Issuing authority level"), choices=AuthorityLevel.choices
    )
    year = YearFilter(min_value=1945, max_value=2200)
    decided_after, decided_before = date_range(
        "decision_date", _("Decided on or after"), _("Decided on or before")
    )
    decision_number = django_filters.CharFilter(
        label=_("Decision number"), field_name="decision_number", lookup_expr="icontains"
    )
    activity = django_filters.NumberFilter(label=_("Activity (id)"), field_name="activity")

    class Meta:
        model = Commendation
        fields = [
            "q",
            "area",
            "status",
            "award_form",
            "recipient_kind",
            "collective",
            "authority_level",
            "year",
            "decided_after",
            "decided_before",
            "decision_number",
            "activity",
        ]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(collective_name__icontains=value) | Q(recipient_name__icontains=value)
        )

    def filter_collective(self, queryset, name, value):
        q = Q(recipient_kind__in=COLLECTIVE_KINDS)
        return queryset.filter(q) if value else queryset.exclude(q)
