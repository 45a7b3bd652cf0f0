from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from antq.accounts.models import ApiToken, RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    autocomplete_fields = ("area",)
    extra = 1


@admin.register(User)
class AntqUserAdmin(UserAdmin):
    inlines = [RoleInline]
    fieldsets = (*UserAdmin.fieldsets, (_("Work"), {"fields": ("position",)}))


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "area", "may_read_identities")
    list_filter = ("role", "may_read_identities")
    autocomplete_fields = ("user", "area")
    search_fields = ("user__username", "area__name")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "expires_at", "last_used_at")
    readonly_fields = ("user", "digest", "created_at", "last_used_at")
