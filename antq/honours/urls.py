from django.urls import include, path

from antq.core import record_pages
from antq.honours import views
from antq.honours.records import AGREEMENTS, COMMENDATIONS

# The commendation's page, edit and delete pages replace the generic ones: the page shows the
# approval steps, and a locked commendation or a refused delete says why.
OWN = {"commendation-detail", "commendation-edit", "commendation-delete"}

app_name = "honours"
urlpatterns = [
    path("agreements/", include(record_pages.urls(AGREEMENTS))),
    path("commendations/award-list.xlsx", views.award_list, name="commendation-award-list"),
    path("commendations/<int:pk>/", views.commendation_detail, name="commendation-detail"),
    path("commendations/<int:pk>/edit/", views.commendation_edit, name="commendation-edit"),
    path("commendations/<int:pk>/delete/", views.commendation_delete, name="commendation-delete"),
    path(
        "commendations/<int:pk>/approve/", views.commendation_approve, name="commendation-approve"
    ),
    path("commendations/<int:pk>/reject/", views.commendation_reject, name="commendation-reject"),
    path(
        "commendations/<int:pk>/renominate/",
        views.commendation_renominate,
        name="commendation-renominate",
    ),
    path(
        "commendations/",
        include([p for p in record_pages.urls(COMMENDATIONS) if p.name not in OWN]),
    ),
]
