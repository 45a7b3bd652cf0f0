from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antq.tips.models import TipCategory


@admin.register(TipCategory)
class TipCategoryAdmin(SimpleHistoryAdmin):
    """The catalogue of tip categories. Tips themselves are scoped records with encrypted
    identities: they are managed in the app's own pages, never in the admin."""

    list_display = ("code", "name", "name_en", "name_ar", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "name_en", "name_ar")
    ordering = ("sort_order", "name")
