from datetime import date, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.activities.choices import DIALOGUE_PARTIES, ActivityKind, SecuredEventKind
from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
from antq.activities.selectors import REVIEW_NOTICE_DAYS, in_force_q
from antq.core.filters import AreaSubtreeFilter, YesNoFilter


def date_range(field, after_label, before_label):
    """Two filters: on or after, on or before (both days included)."""
    return (
        django_filters.DateFilter(
            label=after_label,
            field_name=field,
            lookup_expr="gte",
            widget=forms.DateInput(attrs={"type": "date"}),
        ),
        django_filters.DateFilter(
            label=before_label,
            field_name=field,
            lookup_expr="lte",
            widget=forms.DateInput(attrs={"type": "date"}),
        ),
    )


class ActivityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="icontains")
    area = AreaSubtreeFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices)
    held_after, held_before = date_range("held_on", _("Held on or after"), _("Held on or before"))
    party = django_filters.ChoiceFilter(
        label=_("Dialogue with"), choices=DIALOGUE_PARTIES, method="filter_party"
    )
    organiser = django_filters.NumberFilter(
        label=_("Organisation (id)"), field_name="organisers", distinct=True
    )

    class Meta:
        model = Activity
        fields = ["q", "area", "kind", "held_after", "held_before", "party", "organiser"]

    def filter_party(self, queryset, name, value):
        return queryset.filter(**{value: True})


class SecuredEventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    area = AreaSubtreeFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SecuredEventKind.choices)
    held_after, held_before = date_range("held_on", _("On or after"), _("On or before"))
    incidents = YesNoFilter(label=_("Incidents occurred"), field_name="incidents_occurred")

    class Meta:
        model = SecuredEvent
        fields = ["q", "area", "kind", "held_after", "held_before", "incidents"]


class CoordinationRegulationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number or title"), method="filter_q")
    area = AreaSubtreeFilter()
    in_force = YesNoFilter(label=_("In force today"), method="filter_in_force")
    due = YesNoFilter(label=_("Due for review"), method="filter_due")
    signed_after, signed_before = date_range(
        "signed_on", _("Signed on or after"), _("Signed on or before")
    )
    party = django_filters.NumberFilter(
        label=_("Organisation (id)"), field_name="parties", distinct=True
    )

    class Meta:
        model = CoordinationRegulation
        fields = ["q", "area", "in_force", "due", "signed_after", "signed_before", "party"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value))

    def filter_in_force(self, queryset, name, value):
        q = in_force_q(date.today())
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_due(self, queryset, name, value):
        """Due: in force, with a review date that has come or comes within the notice period."""
        horizon = date.today() + timedelta(days=REVIEW_NOTICE_DAYS)
        due = in_force_q(date.today()) & Q(review_on__isnull=False, review_on__lte=horizon)
        return queryset.filter(due).order_by("review_on", "id") if value else queryset.exclude(due)
