from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from antq.areas.models import Area, AreaSuccession


class AreaAdminForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ("name", "area_type", "latitude", "longitude", "valid_from", "valid_to")

    def clean(self):
        data = super().clean()
        probe = Area(
            code=self.instance.code,
            level=self.instance.level,
            name=data.get("name", ""),
            valid_to=data.get("valid_to"),
        )
        probe.fill_derived(Area.objects.get_parent(self.instance))
        if Area.objects.filter(key=probe.key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A unit with this code already exists here."))
        return data


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    """Units are added in the area browser or the API (they need a place in the tree); here
    they can be searched, corrected and given successors."""

    list_display = ("name", "code", "level", "area_type", "valid_from", "valid_to", "source")
    list_filter = ("level", "area_type", "source")
    search_fields = ("name_folded", "name", "code")
    # the code is part of the unique key, and of its villages' keys: it is changed through the
    # API (area_update re-keys the villages); here it is shown only
    readonly_fields = ("code", "key", "path", "depth", "numchild", "level", "source")
    form = AreaAdminForm
    fields = (
        "name",
        "area_type",
        "latitude",
        "longitude",
        "valid_from",
        "valid_to",
        *readonly_fields,
    )
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def get_search_results(self, request, queryset, search_term):
        from antq.core.text import fold

        return super().get_search_results(request, queryset, fold(search_term) or search_term)

    def save_model(self, request, obj, form, change):
        from antq.areas.services import area_update

        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        area_update(
            acting_user=request.user, area=Area.objects.get(pk=obj.pk), reason="admin", **changes
        )


@admin.register(AreaSuccession)
class AreaSuccessionAdmin(SimpleHistoryAdmin):
    list_display = ("predecessor", "successor", "kind", "is_default", "effective_on", "source")
    list_filter = ("kind", "source")
    autocomplete_fields = ("predecessor", "successor")
    search_fields = ("predecessor__name_folded", "successor__name_folded", "predecessor__code")
    verbose_name = _("area succession")
