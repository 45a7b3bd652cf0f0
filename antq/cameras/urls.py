from django.urls import include, path

from antq.cameras import views
from antq.cameras.records import CAMERA_SITES, FIRE_POINTS
from antq.core import record_pages

app_name = "cameras"
urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("map/points.json", views.map_points, name="map-points"),
    path("sites/<int:pk>/reconfirm/", views.reconfirm, name="camerasite-reconfirm"),
    path("sites/", include(record_pages.urls(CAMERA_SITES))),
    path("fire-points/", include(record_pages.urls(FIRE_POINTS))),
]
