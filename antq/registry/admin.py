from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antq.registry.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "org_type", "area", "is_demo")
    list_filter = ("org_type", "is_demo")
    search_fields = ("name",)
    autocomplete_fields = ("area",)
