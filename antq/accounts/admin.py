from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin, sensitive_post_parameters_m
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from antq.accounts.models import ApiToken, RoleAssignment, User
from antq.audit import details
from antq.audit import services as audit
from antq.audit.models import AuditAction


def _changed_fields(form):
    """Which fields an admin form changed, by name; never their values (a password hash)."""
    fields = ", ".join(sorted(form.changed_data)) if form is not None else ""
    return details.encode("changed", fields=fields)


def record_role_saved(request, assignment, *, created):
    audit.record(
        action=AuditAction.ROLE_GRANTED if created else AuditAction.USER_CHANGED,
        user=request.user,
        target_user=assignment.user,
        obj=assignment,
    )


def record_role_deleted(request, assignment):
    audit.record(
        action=AuditAction.ROLE_REVOKED,
        user=request.user,
        target_user=assignment.user,
        obj=assignment,
    )


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    autocomplete_fields = ("area",)
    extra = 1


@admin.register(User)
class AntqUserAdmin(UserAdmin):
    inlines = [RoleInline]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Work"), {"fields": ("full_name", "rank", "position", "unit", "phone")}),
    )
    autocomplete_fields = ("unit",)

    def get_object(self, request, object_id, from_field=None):
        user = super().get_object(request, object_id, from_field)
        if user is not None:
            # User.save() names who changed a password when it revokes the tokens
            user._acting_user = request.user
        return user

    @sensitive_post_parameters_m
    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit.record(
                action=AuditAction.USER_CHANGED,
                user=request.user,
                target_user=self.get_object(request, unquote(id)),
                detail=details.encode("password_set"),
            )
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            action=AuditAction.USER_CHANGED,
            user=request.user,
            target_user=obj,
            obj=obj,
            detail=_changed_fields(form) if change else details.encode("created"),
        )

    def delete_model(self, request, obj):
        audit.record(
            action=AuditAction.USER_CHANGED,
            user=request.user,
            obj=obj,
            detail=details.encode("deleted"),
        )
        super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is RoleAssignment:
            # recorded before the save, while the deleted ones still have their ids (the admin's
            # transaction keeps the entries and the change together)
            for deleted in formset.deleted_forms:
                if deleted.instance.pk is not None:
                    record_role_deleted(request, deleted.instance)
        super().save_formset(request, form, formset, change)
        if formset.model is not RoleAssignment:
            return
        for assignment in formset.new_objects:
            record_role_saved(request, assignment, created=True)
        for assignment, _fields in formset.changed_objects:
            record_role_saved(request, assignment, created=False)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "area", "may_read_identities")
    list_filter = ("role", "may_read_identities")
    autocomplete_fields = ("user", "area")
    search_fields = ("user__username", "area__name")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_role_saved(request, obj, created=not change)

    def delete_model(self, request, obj):
        record_role_deleted(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("user", "area"):
            record_role_deleted(request, assignment)
        super().delete_queryset(request, queryset)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "expires_at", "last_used_at")
    readonly_fields = ("user", "digest", "created_at", "last_used_at")
