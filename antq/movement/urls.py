from django.urls import include, path

from antq.movement import views
from antq.movement.records import MOVEMENT_MODELS, TEAM_MEMBERS, TEAMS

app_name = "movement"
urlpatterns = [
    path("models/<int:pk>/status/", views.change_status, name="movementmodel-status"),
    path("teams/<int:pk>/members/new/", views.member_create, name="member-create"),
    path("teams/<int:pk>/members/export.<str:fmt>", views.member_export, name="member-export"),
    path("teams/members/<int:pk>/edit/", views.member_edit, name="member-edit"),
    path("teams/members/<int:pk>/delete/", views.member_delete, name="member-delete"),
    path("teams/members/", include(TEAM_MEMBERS.import_urls())),
    path("models/", include(MOVEMENT_MODELS.urls())),
    path("teams/", include(TEAMS.urls())),
]
