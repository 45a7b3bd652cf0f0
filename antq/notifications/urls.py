from django.urls import path

from antq.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("preferences/", views.preferences, name="preferences"),
    path("alerts/", views.alert_list, name="alert-list"),
    path("alerts/new/", views.alert_compose, name="alert-compose"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert-detail"),
]
