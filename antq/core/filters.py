"""Filters shared by every scoped record type's FilterSet."""

import django_filters
from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from antq.areas.models import Area
from antq.core.scoping import Action, can


class AreaSubtreeFilter(django_filters.NumberFilter):
    """Records of an area and everything under it. An area outside the user's jurisdiction is a
    404, the same answer as for an area that does not exist."""

    def __init__(self, *args, path_lookup="area__path", **kwargs):
        kwargs.setdefault("label", _("Area (and below)"))
        kwargs.setdefault("widget", forms.HiddenInput)
        self.path_lookup = path_lookup
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        area = Area.objects.filter(pk=value).only("path").first()
        user = getattr(self.parent.request, "user", None)
        if area is None or not can(user, Action.VIEW, area):
            raise Http404
        return qs.filter(**{f"{self.path_lookup}__startswith": area.path})


class AnyYesNoSelect(forms.NullBooleanSelect):
    """Django's yes/no select with its empty choice read as "Any" ("Tất cả"), not "Unknown"
    ("Chưa xác định"): in a filter the empty choice means no filtering, not an unknown value."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter of a list, whose empty choice reads "Any"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AnyYesNoSelect)
        super().__init__(*args, **kwargs)
