"""The Django admin site of antq (installed by antq.apps.AdminConfig in place of Django's)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class AdminSite(admin.AdminSite):
    # Django's own words on these pages come from its vi and ar catalogues (LocaleMiddleware
    # sets the user's language for /admin/ as for every page); these are antq's.
    site_header = _("antq administration")
    site_title = _("antq administration")
    index_title = _("Records and catalogues")

    def has_permission(self, request):
        """Superusers only: the admin's pages are not scoped to jurisdictions, so a staff user
        with a role somewhere would see every area's records there."""
        return request.user.is_active and request.user.is_superuser
