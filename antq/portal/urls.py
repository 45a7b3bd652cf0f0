from django.urls import path

from antq.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.report, name="report"),
    path("areas/", views.area_search, name="areas"),
    path("follow/", views.follow, name="follow"),
    path("follow/reply/", views.reply, name="reply"),
    path("follow/leave/", views.leave, name="leave"),
]
