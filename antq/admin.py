"""The Django admin site of antq (installed by antq.apps.AdminConfig in place of Django's)."""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def area_choice_label(area) -> str:
    """A unit as a search offers it, so that namesakes can be told apart: name, level, code,
    parent and province, and the dates it was in force (`province` and `parent_area` attached
    by areas.selectors.with_provinces)."""
    parts = [area.name, str(area.get_level_display()), area.code]
    parent, province = getattr(area, "parent_area", None), getattr(area, "province", None)
    if parent is not None and parent != province:
        parts.append(parent.name)
    if province is not None:
        parts.append(province.name)
    if area.valid_from:
        parts.append(
            "{} {}".format(
                gettext("from"), formats.date_format(area.valid_from, "SHORT_DATE_FORMAT")
            )
        )
    if area.valid_to:
        parts.append(
            "{} {}".format(
                gettext("until"), formats.date_format(area.valid_to, "SHORT_DATE_FORMAT")
            )
        )
    return " · ".join(part for part in parts if part)


class AreaAutocompleteJsonView(AutocompleteJsonView):
    """The admin's search boxes for an area (a role's, a user's unit) offer each unit as the
    site's own area picker does (area_choice_label), not by its bare name."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from antq.areas.models import Area

        if self.model_admin.model is Area:
            from antq.areas.selectors import with_provinces

            context["object_list"] = with_provinces(context["object_list"])
        return context

    def serialize_result(self, obj, to_field_name):
        from antq.areas.models import Area

        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Area):
            result["text"] = area_choice_label(obj)
        return result


class AdminSite(admin.AdminSite):
    # Django's own words on these pages come from its vi and ar catalogues (LocaleMiddleware
    # sets the user's language for /admin/ as for every page); these are antq's.
    site_header = _("antq administration")
    site_title = _("antq administration")
    index_title = _("Records and catalogues")

    def has_permission(self, request):
        """Superusers only: the admin's pages are not scoped to jurisdictions, so a staff user
        with a role somewhere would see every area's records there."""
        return request.user.is_active and request.user.is_superuser

    def autocomplete_view(self, request):
        return AreaAutocompleteJsonView.as_view(admin_site=self)(request)
