from django.urls import path

from antq.registry import views

app_name = "registry"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_edit, name="organisation-create"),
    path("organisations/export.<str:fmt>", views.organisation_export, name="organisation-export"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/delete/", views.organisation_delete, name="organisation-delete"),
]
