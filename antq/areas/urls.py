from django.urls import path

from antq.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.browser, name="browser"),
    path("export.<str:fmt>", views.export, name="export"),
    path("import/", views.villages_import, name="import"),
    path("import/units/", views.units_import, name="units-import"),
    path("import/units/template.<str:fmt>", views.units_template, name="units-template"),
    path("map-base/", views.map_base, name="map-base"),
    path("map-base/land/", views.map_land, name="map-land"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/villages/", views.village_add, name="village-add"),
    path("<int:pk>/units/", views.unit_add, name="unit-add"),
    path("<int:pk>/successions/", views.succession_add, name="succession-add"),
    path("successions/<int:pk>/delete/", views.succession_delete, name="succession-delete"),
]
