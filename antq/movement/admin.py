from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from antq.movement.models import ModelCategory


@admin.register(ModelCategory)
class ModelCategoryAdmin(SimpleHistoryAdmin):
    """The catalogue of model categories. Models and teams themselves are scoped records,
    managed in the app's own pages."""

    list_display = ("code", "name", "name_en", "name_ar", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "name_en", "name_ar")
    ordering = ("sort_order", "name")
