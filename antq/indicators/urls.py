from django.urls import path

from antq.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
]
