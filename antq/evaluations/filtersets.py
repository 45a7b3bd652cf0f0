import django_filters
from django.utils.translation import gettext_lazy as _

from antq.core.filters import AreaSubtreeFilter, YesNoFilter
from antq.evaluations.choices import AssessmentStatus, MovementClass, PlanStatus, SubjectKind
from antq.evaluations.models import (
    Assessment,
    Classification,
    ImprovementPlan,
    Registration,
    RuralAssessment,
)


def _year():
    return django_filters.NumberFilter(label=_("Year"), field_name="year")


def _name():
    return django_filters.CharFilter(label=_("Name"), method="filter_name")


class SubjectFilterSet(django_filters.FilterSet):
    q = _name()
    area = AreaSubtreeFilter()
    year = _year()
    subject_kind = django_filters.ChoiceFilter(label=_("Subject"), choices=SubjectKind.choices)

    def filter_name(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(organisation__name__icontains=value)
            | Q(organisation__isnull=True, area__name__icontains=value)
        )


class RegistrationFilterSet(SubjectFilterSet):
    is_late = YesNoFilter(label=_("Late"))

    class Meta:
        model = Registration
        fields = ["q", "area", "year", "subject_kind", "is_late"]


class AssessmentFilterSet(SubjectFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AssessmentStatus.choices)
    meets_standard = YesNoFilter(label=_("Meets the standard"))

    class Meta:
        model = Assessment
        fields = ["q", "area", "year", "subject_kind", "status", "meets_standard"]


class ClassificationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="area__name", lookup_expr="icontains")
    area = AreaSubtreeFilter()
    year = _year()
    movement_class = django_filters.ChoiceFilter(label=_("Class"), choices=MovementClass.choices)

    class Meta:
        model = Classification
        fields = ["q", "area", "year", "movement_class"]


class PlanFilterSet(django_filters.FilterSet):
    area = AreaSubtreeFilter()
    year = django_filters.NumberFilter(label=_("Year"), field_name="classification__year")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlanStatus.choices)
    due_before = django_filters.DateFilter(
        label=_("Due on or before"), field_name="due_on", lookup_expr="lte"
    )

    class Meta:
        model = ImprovementPlan
        fields = ["area", "year", "status", "due_before"]


class RuralFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="area__name", lookup_expr="icontains")
    area = AreaSubtreeFilter()
    year = _year()
    meets = YesNoFilter(label=_("Met"))

    class Meta:
        model = RuralAssessment
        fields = ["q", "area", "year", "meets"]
