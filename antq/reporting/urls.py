from django.urls import path

from antq.reporting import views

app_name = "reporting"
urlpatterns = [
    path("completeness/", views.completeness, name="completeness"),
    path("obligations/", views.obligations, name="obligations"),
    path("obligations/new/", views.obligation_create, name="obligation-create"),
    path("obligations/<int:pk>/delete/", views.obligation_delete, name="obligation-delete"),
]
