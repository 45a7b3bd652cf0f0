import django_filters
from django.utils.translation import gettext_lazy as _

from antq.core.filters import AreaSubtreeFilter, YesNoFilter
from antq.movement.choices import ModelStatus, RecognitionLevel, TeamKind
from antq.movement.models import ModelCategory, MovementModel, Team


def _date_range(field, after_label, before_label):
    return (
        django_filters.DateFilter(label=after_label, field_name=field, lookup_expr="gte"),
        django_filters.DateFilter(label=before_label, field_name=field, lookup_expr="lte"),
    )


class MovementModelFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    area = AreaSubtreeFilter()
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=ModelCategory.objects.all(), to_field_name="code"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ModelStatus.choices)
    recognition_level = django_filters.ChoiceFilter(
        label=_("Recognised at"), choices=RecognitionLevel.choices
    )
    replication = YesNoFilter(
        label=_("Is a replication"),
        field_name="replicated_from",
        lookup_expr="isnull",
        exclude=True,
    )
    started_after, started_before = _date_range(
        "started_on", _("Started on or after"), _("Started on or before")
    )
    recognised_after, recognised_before = _date_range(
        "recognised_on", _("Recognised on or after"), _("Recognised on or before")
    )
    ended_after, ended_before = _date_range(
        "ended_on", _("Ended on or after"), _("Ended on or before")
    )

    class Meta:
        model = MovementModel
        fields = [
            "q",
            "area",
            "category",
            "status",
            "recognition_level",
            "replication",
            "started_after",
            "started_before",
            "recognised_after",
            "recognised_before",
            "ended_after",
            "ended_before",
        ]


class TeamFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    area = AreaSubtreeFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=TeamKind.choices)
    movement_model = django_filters.NumberFilter(label=_("Model (id)"), field_name="movement_model")
    dissolved = YesNoFilter(
        label=_("Dissolved"), field_name="dissolved_on", lookup_expr="isnull", exclude=True
    )
    established_after, established_before = _date_range(
        "established_on", _("Established on or after"), _("Established on or before")
    )
    dissolved_after, dissolved_before = _date_range(
        "dissolved_on", _("Dissolved on or after"), _("Dissolved on or before")
    )

    class Meta:
        model = Team
        fields = [
            "q",
            "area",
            "kind",
            "movement_model",
            "dissolved",
            "established_after",
            "established_before",
            "dissolved_after",
            "dissolved_before",
        ]
