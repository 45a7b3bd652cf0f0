"""antq's admin application: Django's, with antq's admin site (antq.admin.AdminSite) as the
default site, as "Overriding the default admin site" in Django's documentation does it."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "antq.admin.AdminSite"
