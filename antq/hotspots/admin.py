from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antq.hotspots.models import Hotspot


@admin.register(Hotspot)
class HotspotAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "status", "area", "opened_on", "settled_on", "is_demo")
    list_filter = ("kind", "status", "is_demo")
    search_fields = ("title",)
    autocomplete_fields = ("area",)
