from django.contrib import admin

from antq.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written only by antq.audit.services.record."""

    list_display = ("at", "username", "role", "action", "object_label", "area", "address")
    list_filter = ("action", "role")
    search_fields = ("username", "object_label", "detail")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
