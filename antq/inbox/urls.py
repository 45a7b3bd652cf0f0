from django.urls import path

from antq.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("badge/", views.inbox_badge, name="badge"),
]
