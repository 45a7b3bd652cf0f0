from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from antq.areas.models import Area, AreaSuccession


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    """Units are added in the area browser or the API (they need a place in the tree); here
    they can be searched, corrected and given successors."""

    list_display = ("name", "code", "level", "area_type", "valid_from", "valid_to", "source")
    list_filter = ("level", "area_type", "source")
    search_fields = ("name_folded", "name", "code")
    readonly_fields = ("key", "path", "depth", "numchild", "level", "source")
    fields = (
        "name",
        "code",
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
        obj.fill_derived(Area.objects.get_parent(obj))
        super().save_model(request, obj, form, change)


@admin.register(AreaSuccession)
class AreaSuccessionAdmin(SimpleHistoryAdmin):
    list_display = ("predecessor", "successor", "kind", "is_default", "effective_on", "source")
    list_filter = ("kind", "source")
    autocomplete_fields = ("predecessor", "successor")
    search_fields = ("predecessor__name_folded", "successor__name_folded", "predecessor__code")
    verbose_name = _("area succession")
