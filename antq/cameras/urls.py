from django.urls import include, path

from antq.cameras import views
from antq.cameras.records import CAMERA_SITES, FIRE_POINTS

app_name = "cameras"
urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("map/points.json", views.map_points, name="map-points"),
    path("sites/<int:pk>/reconfirm/", views.reconfirm, name="camerasite-reconfirm"),
    path("sites/", include(CAMERA_SITES.urls())),
    path("fire-points/", include(FIRE_POINTS.urls())),
]
