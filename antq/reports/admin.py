from django.contrib import admin

from antq.reports.models import FrozenReport


@admin.register(FrozenReport)
class FrozenReportAdmin(admin.ModelAdmin):
    """Signed reports are read, never edited here: they are written by `report_freeze` only."""

    list_display = ("area", "date_from", "date_to", "boundaries", "signed_by", "signed_at")
    list_filter = ("boundaries",)
    search_fields = ("area__name_folded", "area__code")
    readonly_fields = [f.name for f in FrozenReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
