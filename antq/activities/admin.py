from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    """For superusers; the app's own pages are the scoped way in (and keep the links' history)."""

    list_display = ("held_on", "title", "kind", "area", "participants", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("title",)
    date_hierarchy = "held_on"
    autocomplete_fields = ("area",)
    filter_horizontal = ("organisers",)


@admin.register(SecuredEvent)
class SecuredEventAdmin(SimpleHistoryAdmin):
    list_display = ("held_on", "name", "kind", "area", "scale", "incidents_occurred", "is_demo")
    list_filter = ("kind", "incidents_occurred", "is_demo")
    search_fields = ("name",)
    date_hierarchy = "held_on"
    autocomplete_fields = ("area",)


@admin.register(CoordinationRegulation)
class CoordinationRegulationAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "area", "signed_on", "review_on", "ended_on", "is_demo")
    list_filter = ("is_demo",)
    search_fields = ("number", "title")
    date_hierarchy = "signed_on"
    autocomplete_fields = ("area",)
    filter_horizontal = ("parties",)
