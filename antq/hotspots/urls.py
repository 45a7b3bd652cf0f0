from django.urls import include, path

from antq.core import record_pages
from antq.hotspots import views
from antq.hotspots.records import HOTSPOTS

app_name = "hotspots"
urlpatterns = [
    path("<int:pk>/status/", views.change_status, name="hotspot-status"),
    path("", include(record_pages.urls(HOTSPOTS))),
]
