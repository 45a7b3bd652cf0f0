from django.urls import include, path

from antq.core import record_pages
from antq.movement import views
from antq.movement.records import MOVEMENT_MODELS, TEAM_MEMBERS, TEAMS

app_name = "movement"
urlpatterns = [
    path("models/<int:pk>/status/", views.change_status, name="movementmodel-status"),
    path("teams/<int:pk>/members/new/", views.member_create, name="member-create"),
    path("teams/<int:pk>/members/export.<str:fmt>", views.member_export, name="member-export"),
    path("teams/members/<int:pk>/edit/", views.member_edit, name="member-edit"),
    path("teams/members/<int:pk>/delete/", views.member_delete, name="member-delete"),
    path("teams/members/", include(record_pages.import_urls(TEAM_MEMBERS))),
    path("models/", include(record_pages.urls(MOVEMENT_MODELS))),
    path("teams/", include(record_pages.urls(TEAMS))),
]
