from django.urls import include, path

from antq.registry.records import ORGANISATIONS

app_name = "registry"
urlpatterns = [
    path("organisations/", include(ORGANISATIONS.urls())),
]
