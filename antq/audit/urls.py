from django.urls import path

from antq.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("deleted/", views.deleted_list, name="deleted"),
    path("deleted/<slug:slug>/<int:pk>/", views.deleted_history, name="deleted-history"),
]
