from django.urls import include, path

from antq.core import record_pages
from antq.registry.records import ORGANISATIONS

app_name = "registry"
urlpatterns = [
    path("organisations/", include(record_pages.urls(ORGANISATIONS))),
]
