import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from antq.core.filters import AreaSubtreeFilter, YesNoFilter
from antq.tips.choices import RUNNING, Channel, LegalKind, TipStatus
from antq.tips.models import Tip, TipCategory


class TipFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Code"), field_name="code", lookup_expr="icontains")
    area = AreaSubtreeFilter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TipStatus.choices)
    category = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("tip", "Category"),
        queryset=TipCategory.objects.all(),
        to_field_name="code",
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    legal_kind = django_filters.ChoiceFilter(label=_("Legal kind"), choices=LegalKind.choices)
    received_after = django_filters.DateFilter(
        label=_("Received on or after"), field_name="received_on", lookup_expr="gte"
    )
    received_before = django_filters.DateFilter(
        label=_("Received on or before"), field_name="received_on", lookup_expr="lte"
    )
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    mine = YesNoFilter(label=_("Assigned to me"), method="filter_mine")

    class Meta:
        model = Tip
        fields = [
            "q",
            "area",
            "status",
            "category",
            "channel",
            "legal_kind",
            "received_after",
            "received_before",
            "overdue",
            "mine",
        ]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status__in=RUNNING, due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_mine(self, queryset, name, value):
        if value is None:
            return queryset
        user = getattr(self.request, "user", None)
        mine = Q(assigned_to=user) if user is not None and user.is_authenticated else Q(pk__in=[])
        return queryset.filter(mine) if value else queryset.exclude(mine)
