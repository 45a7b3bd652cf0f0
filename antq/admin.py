"""The Django admin site of antq (installed by antq.apps.AdminConfig in place of Django's)."""

from django.contrib import admin


class AdminSite(admin.AdminSite):
    def has_permission(self, request):
        """Superusers only: the admin's pages are not scoped to jurisdictions, so a staff user
        with a role somewhere would see every area's records there."""
        return request.user.is_active and request.user.is_superuser
