import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from antq.cameras.choices import CameraStatus, FundingSource, OwnerType
from antq.cameras.models import CameraSite, FirePoint
from antq.cameras.selectors import within_km
from antq.core.filters import AreaSubtreeFilter, YesNoFilter


class NearFilterSet(django_filters.FilterSet):
    """`lat`, `lon` and `km` together: records within that distance, nearest first."""

    lat = django_filters.NumberFilter(label=_("Latitude"), method="noop")
    lon = django_filters.NumberFilter(label=_("Longitude"), method="noop")
    km = django_filters.NumberFilter(label=_("Within (km)"), method="noop")

    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        lat, lon, km = (self.form.cleaned_data.get(k) for k in ("lat", "lon", "km"))
        if lat is not None and lon is not None:
            return within_km(queryset, float(lat), float(lon), float(km or 1))
        return queryset

    def is_valid(self):
        valid = super().is_valid()
        if valid:
            data = self.form.cleaned_data
            given = [data.get(k) is not None for k in ("lat", "lon")]
            if any(given) and not all(given):
                self.form.add_error(
                    "lon" if given[0] else "lat",
                    ValidationError(_("Give both latitude and longitude.")),
                )
                return False
            checks = (("lat", -90, 90), ("lon", -180, 180), ("km", 0.001, 500))
            for key, low, high in checks:
                v = data.get(key)
                if v is not None and not low <= v <= high:
                    self.form.add_error(
                        key,
                        forms.ValidationError(
                            _("Must be between {low} and {high}.").format(low=low, high=high)
                        ),
                    )
                    return False
        return valid


class CameraSiteFilterSet(NearFilterSet):
    area = AreaSubtreeFilter()
    owner_type = django_filters.ChoiceFilter(label=_("Owner type"), choices=OwnerType.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CameraStatus.choices)
    connected = YesNoFilter(label=_("Connected"))
    funding_source = django_filters.ChoiceFilter(
        label=_("Funding source"), choices=FundingSource.choices
    )
    installed_after = django_filters.DateFilter(
        label=_("Installed on or after"), field_name="installed_on", lookup_expr="gte"
    )
    installed_before = django_filters.DateFilter(
        label=_("Installed on or before"), field_name="installed_on", lookup_expr="lte"
    )
    overdue = YesNoFilter(label=_("Re-confirmation overdue"), method="filter_overdue")
    q = django_filters.CharFilter(label=_("Address"), field_name="address", lookup_expr="icontains")

    class Meta:
        model = CameraSite
        fields = [
            "q",
            "area",
            "owner_type",
            "status",
            "connected",
            "funding_source",
            "installed_after",
            "installed_before",
            "overdue",
        ]

    def filter_overdue(self, queryset, name, value):
        from datetime import date

        if value is None:
            return queryset
        q = queryset.filter(reconfirm_due_on__lt=date.today()).exclude(status=CameraStatus.REMOVED)
        return q if value else queryset.exclude(pk__in=q.values("pk"))


class FirePointFilterSet(NearFilterSet):
    area = AreaSubtreeFilter()
    q = django_filters.CharFilter(label=_("Name or address"), method="filter_q")
    inspected_after = django_filters.DateFilter(
        label=_("Inspected on or after"), field_name="last_inspected_on", lookup_expr="gte"
    )
    inspected_before = django_filters.DateFilter(
        label=_("Inspected on or before"), field_name="last_inspected_on", lookup_expr="lte"
    )

    class Meta:
        model = FirePoint
        fields = ["q", "area", "inspected_after", "inspected_before"]

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))
